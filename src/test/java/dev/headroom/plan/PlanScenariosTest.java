package dev.headroom.plan;

import dev.headroom.domain.Criticality;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Policy;
import dev.headroom.audit.AuditFilter;
import dev.headroom.audit.AuditRecord;
import dev.headroom.audit.AuditService;
import dev.headroom.persistence.SqliteAuditLog;
import dev.headroom.persistence.SqliteScenarioRepository;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.testing.SteppingClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What-if scenarios in a real SQLite file: save, clone, rename, delete, compare. */
class PlanScenariosTest {
    @TempDir
    Path dir;
    private SqliteStore store;
    private PlanScenarios scenarios;
    private AuditService audit;
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-22T18:00:00Z"));

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("headroom.db"));
        audit = new AuditService(new SqliteAuditLog(store), clock);
        scenarios = new PlanScenarios(new SqliteScenarioRepository(store), null, clock, audit.trail("alice"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Plan plan(double maxBatchFraction) {
        PlanningProblem p = TestProblems.create()
                .policy(TestProblems.policy(0.2, maxBatchFraction, 3, 0.5, Optional.empty(), true))
                .service("web", Criticality.MEDIUM, 8, 4, "eu", 3, 0.7).surge("eu", "m5.large", 2, 0.1, 0.04).build();
        return new HeuristicPlanner().plan(p);
    }

    @Test
    void comparesSavedScenariosWithTheFiguresOfTheirPlans() {
        Plan quarter = plan(0.25);
        Plan half = plan(0.5);
        scenarios.save("shop", "quarter", quarter);
        scenarios.save("shop", "half", half);
        List<ScenarioComparison.Row> rows = scenarios.compare("shop", List.of("quarter", "half"));
        assertThat(rows).extracting(ScenarioComparison.Row::scenario).containsExactly("quarter", "half");
        assertThat(rows.get(0)).isEqualTo(ScenarioComparison.row("quarter", quarter));
        assertThat(rows.get(1)).isEqualTo(ScenarioComparison.row("half", half));
        assertThat(rows.get(1).windowMinutes()).isLessThan(rows.get(0).windowMinutes());
        assertThat(rows.get(1).surgeCostUsd()).isGreaterThan(rows.get(0).surgeCostUsd());
        assertThat(rows.get(0).batches()).isEqualTo(4);
        assertThat(rows.get(0).predictedViolations()).isZero();
    }

    @Test
    void savingAgainReplacesThePlanButKeepsWhenItWasCreated() {
        SavedScenario first = scenarios.save("shop", "a", plan(0.25));
        clock.advance(Duration.ofMinutes(5));
        SavedScenario again = scenarios.save("shop", "a", plan(0.5));
        assertThat(again.created()).isEqualTo(first.created());
        SavedScenario stored = scenarios.get("shop", "a");
        assertThat(stored.policy().maxBatchFraction()).isEqualTo(0.5);
        assertThat(stored.updated()).isAfter(stored.created());
        assertThat(scenarios.list("shop")).hasSize(1);
        assertThat(scenarios.list("other")).isEmpty();
    }

    @Test
    void cloneRenameAndDeleteRefuseWhatWouldLoseOrClashAScenario() {
        scenarios.save("shop", "a", plan(0.25));
        scenarios.copy("shop", "a", "b");
        assertThat(scenarios.get("shop", "b").planJson()).isEqualTo(scenarios.get("shop", "a").planJson());
        assertThatThrownBy(() -> scenarios.copy("shop", "a", "b")).isInstanceOf(HeadroomException.class)
                .hasMessageContaining("\"b\" already exists");
        assertThatThrownBy(() -> scenarios.rename("shop", "a", "b")).hasMessageContaining("already exists");
        scenarios.rename("shop", "b", "c");
        assertThat(scenarios.list("shop")).extracting(SavedScenario::name).containsExactly("a", "c");
        scenarios.delete("shop", "c");
        assertThatThrownBy(() -> scenarios.delete("shop", "c")).hasMessageContaining("There is no scenario \"c\"");
        assertThatThrownBy(() -> scenarios.save("shop", "bad name!", plan(0.25)))
                .hasMessageContaining("cannot name a scenario");
        assertThat(scenarios.get("shop", "a").policy()).isInstanceOf(Policy.class);
    }

    @Test
    void everyChangeToAScenarioIsInTheAuditLogWithWhoAndWhen() {
        SavedScenario a = scenarios.save("shop", "a", plan(0.25));
        clock.advance(Duration.ofMinutes(1));
        scenarios.copy("shop", "a", "b");
        scenarios.rename("shop", "b", "c");
        scenarios.delete("shop", "c");
        assertThatThrownBy(() -> scenarios.delete("shop", "c")).isInstanceOf(HeadroomException.class);

        List<AuditRecord> records = audit.records(AuditFilter.ALL);
        assertThat(records).extracting(AuditRecord::subject).containsExactly("a", "b", "b", "c");
        assertThat(records).extracting(AuditRecord::detail).satisfiesExactly(
                d -> assertThat(d).startsWith("saved heuristic plan, content "
                        + PlanContent.of(a).hash() + ": 4 batches"),
                d -> assertThat(d).isEqualTo("cloned from a"),
                d -> assertThat(d).isEqualTo("renamed to c"),
                d -> assertThat(d).isEqualTo("deleted"));
        assertThat(records).allSatisfy(r -> {
            assertThat(r.account()).isEqualTo("shop");
            assertThat(r.actor()).isEqualTo("alice");
            assertThat(r.kind()).isEqualTo("scenario");
        });
        assertThat(records.get(0).at()).isEqualTo("2026-11-22T18:00:00Z");
        assertThat(records.get(1).at()).isEqualTo("2026-11-22T18:01:00Z");
        assertThat(audit.verify(Optional.empty()).intact()).isTrue();
    }

    @Test
    void aSavedPlanNamesItsScenario() {
        SavedScenario s = scenarios.save("shop", "night", plan(0.25));
        assertThat(s.planJson().orElseThrow()).contains("\"scenario\" : \"night\"");
    }
}
