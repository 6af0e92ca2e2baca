package dev.headroom.approval;

import dev.headroom.audit.AuditFilter;
import dev.headroom.audit.AuditRecord;
import dev.headroom.audit.AuditService;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Policy;
import dev.headroom.domain.Window;
import dev.headroom.persistence.SqliteApprovalRepository;
import dev.headroom.persistence.SqliteAuditLog;
import dev.headroom.persistence.SqliteScenarioRepository;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.plan.Plan;
import dev.headroom.plan.PlanContent;
import dev.headroom.plan.PlanScenarios;
import dev.headroom.plan.SavedScenario;
import dev.headroom.testing.SteppingClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Approvals in a real SQLite file, with the scenarios they approve and the audit log they write to. */
class ApprovalServiceTest {
    private static final Instant START = Instant.parse("2026-11-23T01:00:00Z");
    private static final Policy POLICY = new Policy(Optional.of(new Window(START, START.plus(Duration.ofHours(6)))),
            0.2, 0.6, 0.4, 0.25, 3, 0.5, 0.1, 15, true, Optional.empty(), 0.95);

    @TempDir
    Path dir;
    private SqliteStore store;
    private SqliteScenarioRepository repository;
    private PlanScenarios scenarios;
    private ApprovalService approvals;
    private AuditService audit;
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-22T18:00:00Z"));

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("headroom.db"));
        repository = new SqliteScenarioRepository(store);
        audit = new AuditService(new SqliteAuditLog(store), clock);
        scenarios = new PlanScenarios(repository, null, clock, audit.trail("planner-pat"));
        approvals = new ApprovalService(repository, new SqliteApprovalRepository(store), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Two batches of two hosts, the first with spot surge; {@code firstEnd} moves the first batch's end. */
    private static Plan plan(Policy policy, int firstEnd, List<Plan.Unplanned> unplanned, int violations) {
        List<Plan.Batch> batches = List.of(
                new Plan.Batch(1, 0, firstEnd, List.of("web-1", "web-2"),
                        List.of(new Plan.Reservation("web", "eu", "m5.large", 2, true, 0, firstEnd + 3, 2, 0.48)),
                        List.of(), "max batch fraction"),
                new Plan.Batch(2, firstEnd, firstEnd + 6, List.of("web-3", "web-4"), List.of(),
                        List.of(new Plan.Migration("api", "web-3", "web-5")), "max batch fraction"));
        return new Plan("sandbox", "heuristic", policy, START, Duration.ofMinutes(5), batches, unplanned,
                Map.of("web-1", "lowest criticality first"), new Plan.Summary(60, 0.48, 0.25, violations,
                Optional.empty(), 0.1, 0.2, unplanned.isEmpty(), 1.5), List.of());
    }

    private static Plan plan(int firstEnd) {
        return plan(POLICY, firstEnd, List.of(), 0);
    }

    /** The plan as stored under {@code name} (saving names the plan after its scenario). */
    private Plan saved(String name, Plan p) {
        scenarios.save("shop", name, p);
        return p.withScenario(name);
    }

    @Test
    void anApprovedPlanIsApprovedUntilItIsPlannedAgainDifferently() {
        Plan night = saved("night", plan(6));
        assertThat(approvals.isApproved("shop", night)).isFalse();
        Approval a = approvals.approve("shop", "night", "alice", "checked with the on-call", false);
        assertThat(a.id()).isPositive();
        assertThat(a.contentHash()).isEqualTo(PlanContent.of(night).hash());
        assertThat(approvals.isApproved("shop", night)).isTrue();
        assertThat(approvals.requireApproved("shop", night)).isEqualTo(a);
        assertThat(approvals.isApproved("other", night)).isFalse();

        clock.advance(Duration.ofMinutes(10));
        Plan replanned = saved("night", plan(7));
        assertThat(approvals.isApproved("shop", replanned)).isFalse();
        assertThat(approvals.isApproved("shop", night)).isFalse();
        assertThatThrownBy(() -> approvals.requireApproved("shop", replanned))
                .isInstanceOf(HeadroomException.class)
                .hasMessage("Plan \"night\" of account shop is not approved: its content changed after the approval by "
                        + "alice at 2026-11-22T18:00:00Z (approved " + a.contentHash().substring(0, 12) + ", now "
                        + PlanContent.of(replanned).hash().substring(0, 12) + "); approve it again with: headroom "
                        + "rollout approve night --account shop");
        assertThat(approvals.approvals("shop")).singleElement().satisfies(s -> {
            assertThat(s.standing()).isEqualTo(ApprovalStatus.Standing.CHANGED);
            assertThat(s.describe()).startsWith("void: the plan or its policy changed after approval");
        });
    }

    @Test
    void planningAgainToTheSameBatchesKeepsTheApproval() {
        saved("night", plan(6));
        approvals.approve("shop", "night", "alice", "", false);
        clock.advance(Duration.ofMinutes(10));
        Plan again = saved("night", plan(6));
        assertThat(approvals.isApproved("shop", again)).isTrue();
    }

    @Test
    void changingOnlyTheScenariosPolicyVoidsTheApproval() {
        Plan night = saved("night", plan(6));
        approvals.approve("shop", "night", "alice", "", false);
        SavedScenario s = repository.find("shop", "night").orElseThrow();
        Policy looser = new Policy(POLICY.window(), POLICY.safetyMargin(), POLICY.criticalityWeight(),
                POLICY.capacityWeight(), POLICY.maxBatchFraction(), POLICY.maxConcurrentRegions(),
                POLICY.minHealthyFraction(), 0.05, POLICY.stabilizationMinutes(), POLICY.spotAllowed(),
                POLICY.budgetUsd(), POLICY.forecastQuantile());
        repository.save(new SavedScenario("shop", "night", looser, s.solver(), s.planJson(), s.created(),
                clock.instant()));
        assertThat(approvals.isApproved("shop", night)).isFalse();
        assertThat(approvals.approvals("shop").get(0).standing()).isEqualTo(ApprovalStatus.Standing.CHANGED);
    }

    @Test
    void aPlanOtherThanTheScenariosIsNotCoveredByItsApproval() {
        saved("night", plan(6));
        approvals.approve("shop", "night", "alice", "", false);
        Plan edited = plan(POLICY, 6, List.of(), 0).withScenario("night");
        Plan otherHosts = new Plan(edited.scenario(), edited.solver(), edited.policy(), edited.start(), edited.step(),
                List.of(edited.batches().get(0)), edited.unplanned(), edited.hostReasons(), edited.summary(),
                edited.notes());
        assertThat(approvals.isApproved("shop", otherHosts)).isFalse();
        assertThatThrownBy(() -> approvals.requireApproved("shop", otherHosts))
                .hasMessageContaining("its content changed after the approval by alice");
    }

    @Test
    void renamingOrDeletingTheScenarioVoidsTheApproval() {
        Plan night = saved("night", plan(6));
        approvals.approve("shop", "night", "alice", "", false);
        scenarios.rename("shop", "night", "late");
        assertThat(approvals.isApproved("shop", night)).isFalse();
        assertThat(approvals.approvals("shop").get(0).describe()).isEqualTo("void: scenario night is gone or unplanned "
                + "(deleted or renamed)");
        assertThatThrownBy(() -> approvals.requireApproved("shop", night))
                .hasMessageContaining("scenario night was renamed, deleted or unplanned after the approval by alice");
    }

    @Test
    void revokingVoidsTheApprovalAndIsAudited() {
        Plan night = saved("night", plan(6));
        Approval a = approvals.approve("shop", "night", "alice", "", false);
        clock.advance(Duration.ofMinutes(3));
        assertThat(approvals.revoke("shop", "night", "bob", "window moved")).containsExactly(a.id());
        assertThat(approvals.isApproved("shop", night)).isFalse();
        assertThat(approvals.approvals("shop").get(0).describe()).isEqualTo("void: revoked at 2026-11-22T18:03:00Z");
        assertThatThrownBy(() -> approvals.requireApproved("shop", night))
                .hasMessageContaining("the approval by alice at 2026-11-22T18:00:00Z was revoked at "
                        + "2026-11-22T18:03:00Z");
        assertThatThrownBy(() -> approvals.revoke("shop", "night", "bob", ""))
                .hasMessageContaining("has no approval to revoke");
        AuditRecord last = audit.records(AuditFilter.ALL).get(audit.records(AuditFilter.ALL).size() - 1);
        assertThat(last.kind()).isEqualTo("revoke");
        assertThat(last.actor()).isEqualTo("bob");
        assertThat(last.subject()).isEqualTo("night");
        assertThat(last.detail()).isEqualTo("revoked approval " + a.id() + "; reason: window moved");

        Approval again = approvals.approve("shop", "night", "carol", "", false);
        assertThat(approvals.requireApproved("shop", night)).isEqualTo(again);
    }

    @Test
    void anApprovalIsStoredWithItsAuditRecord() {
        saved("night", plan(6));
        Approval a = approvals.approve("shop", "night", "alice", "checked", false);
        List<AuditRecord> records = audit.records(new AuditFilter(Optional.empty(), Optional.of("approval")));
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.actor()).isEqualTo("alice");
            assertThat(r.subject()).isEqualTo("night");
            assertThat(r.detail()).isEqualTo("approval " + a.id() + " of content " + a.contentHash()
                    + ": 2 batches, 4 hosts, 0 unplanned, surge $0.48; note: checked");
        });
        assertThat(audit.verify(Optional.empty()).intact()).isTrue();
    }

    @Test
    void whenTheAuditRecordCannotBeWrittenNoApprovalIsStored() throws Exception {
        saved("night", plan(6));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("headroom.db"));
             Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER no_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
        }
        assertThatThrownBy(() -> approvals.approve("shop", "night", "alice", "", false))
                .isInstanceOf(HeadroomException.class);
        assertThat(approvals.approvals("shop")).isEmpty();
    }

    @Test
    void onlyAPlannedScenarioWithoutPredictedViolationsCanBeApproved() {
        assertThatThrownBy(() -> approvals.approve("shop", "none", "alice", "", false))
                .hasMessageContaining("There is no scenario \"none\" for account shop; nothing was approved");
        repository.save(new SavedScenario("shop", "draft", POLICY, "heuristic", Optional.empty(), clock.instant(),
                clock.instant()));
        assertThatThrownBy(() -> approvals.approve("shop", "draft", "alice", "", false))
                .hasMessageContaining("Scenario \"draft\" has no plan to approve");
        saved("tight", plan(POLICY, 6, List.of(), 3));
        assertThatThrownBy(() -> approvals.approve("shop", "tight", "alice", "", true))
                .hasMessageContaining("its plan breaks the capacity rule on the forecast (3 predicted violations)");
        saved("night", plan(6));
        assertThatThrownBy(() -> approvals.approve("shop", "night", " ", "", false))
                .hasMessageContaining("Give your name with --approver NAME");
        assertThat(approvals.approvals("shop")).isEmpty();
    }

    @Test
    void unplannedHostsMustBeAcceptedExplicitly() {
        Plan partial = saved("partial", plan(POLICY, 6, List.of(new Plan.Unplanned("db-1", "no surge offered"),
                new Plan.Unplanned("db-2", "no surge offered")), 0));
        assertThatThrownBy(() -> approvals.approve("shop", "partial", "alice", "", false))
                .hasMessageContaining("leaves 2 hosts unplanned (db-1, db-2), which would not be updated")
                .hasMessageContaining("--accept-unplanned");
        approvals.approve("shop", "partial", "alice", "db later", true);
        assertThat(approvals.isApproved("shop", partial)).isTrue();
        assertThat(audit.records(AuditFilter.ALL).get(audit.records(AuditFilter.ALL).size() - 1).detail())
                .contains("2 unplanned").contains("(unplanned accepted)");
    }

    @Test
    void aNeverApprovedPlanSaysHowToApproveIt() {
        Plan night = saved("night", plan(6));
        assertThatThrownBy(() -> approvals.requireApproved("shop", night))
                .hasMessage("Plan \"night\" of account shop is not approved: nobody has approved it. Review it, then "
                        + "approve it with: headroom rollout approve night --account shop");
    }
}
