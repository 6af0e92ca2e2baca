package dev.headroom.rollout;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.UpdateOutcome;
import dev.headroom.domain.UpdateRecord;
import dev.headroom.forecast.FeedbackLoop;
import dev.headroom.forecast.ForecastJournal;
import dev.headroom.persistence.SqliteForecastJournal;
import dev.headroom.persistence.SqliteRolloutJournal;
import dev.headroom.persistence.SqliteSandboxLedger;
import dev.headroom.persistence.SqliteScenarioRepository;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.plan.UpdateImpactModel;
import dev.headroom.providers.sandbox.SandboxFaults;
import dev.headroom.providers.sandbox.SandboxRolloutProvider;
import dev.headroom.testing.SteppingClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loop closes: a rollout on the sandbox provider in a real SQLite file writes what actually
 * happened back to the forecast feedback store and the update history, once, and the next
 * estimate and calibration see it.
 */
class RolloutOutcomeTest {
    private static final String WEB_TARGET = "2.0.0";

    @TempDir
    Path dir;
    private SqliteStore store;
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-23T00:30:00Z"));
    private final Waiter stepping = (c, since, period) -> {
        Instant due = since.plus(period);
        if (clock.instant().isBefore(due)) {
            clock.advance(Duration.between(clock.instant(), due));
        }
    };
    private final List<String> lines = new ArrayList<>();
    private SqliteForecastJournal feedback;
    private RolloutOutcome outcome;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("headroom.db"));
        feedback = new SqliteForecastJournal(store);
        SqliteSandboxLedger ledger = new SqliteSandboxLedger(store, clock);
        outcome = new RolloutOutcome(store, store, new SqliteScenarioRepository(store), feedback);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private SqliteRolloutJournal learningJournal() {
        return new SqliteRolloutJournal(store, Optional.of(outcome));
    }

    private RolloutService service(RolloutProvider provider, PredictedLoad.Source forecasts) {
        return new RolloutService(store, new SqliteScenarioRepository(store), RolloutTestData.approvals(store, clock),
                learningJournal(), provider, clock, stepping, forecasts, RolloutTestData.tuning("t"), 1);
    }

    private UpdateImpactModel.Estimate webEstimate(String from) {
        AccountSnapshot s = store.load(RolloutTestData.ACCOUNT, false).orElseThrow();
        return UpdateImpactModel.fit(s.updateHistory()).estimate("web", from, WEB_TARGET, 0.9);
    }

    @Test
    void slowUpdatesLengthenTheNextEstimateOfThatServiceAndStep() {
        RolloutTestData.setUp(store, clock, 0);
        new SqliteSandboxLedger(store, clock).setFaults(RolloutTestData.ACCOUNT, SandboxFaults.of(Map.of(
                SandboxFaults.SLOW_UPDATE, "1", SandboxFaults.SLOW_FACTOR, "20")));
        Map<String, String> versions = RolloutTestData.versions(dir.resolve("headroom.db"));
        UpdateImpactModel.Estimate before = webEstimate(versions.get("web-1"));

        Rollout r = service(RolloutTestData.sandbox(store, clock), PredictedLoad.Source.NONE)
                .launch(RolloutTestData.ACCOUNT, RolloutTestData.SCENARIO, Optional.empty(), "ops");
        Rollout end = service(RolloutTestData.sandbox(store, clock), PredictedLoad.Source.NONE).drive(r.id(),
                lines::add);

        assertThat(end.status()).isEqualTo(RolloutStatus.DONE);
        List<UpdateRecord> learned = store.load(RolloutTestData.ACCOUNT, false).orElseThrow().updateHistory()
                .stream().filter(u -> u.toVersion().equals(WEB_TARGET) || u.toVersion().equals("15.1")).toList();
        assertThat(learned).extracting(UpdateRecord::hostId).containsExactlyInAnyOrder("web-1", "web-2", "db-1");
        // the sandbox's 5-minute default update, 20 times slower, as it reported it, from the step's start in plan time
        SqliteRolloutJournal journal = learningJournal();
        for (UpdateRecord u : learned) {
            assertThat(u.outcome()).isEqualTo(UpdateOutcome.SUCCEEDED);
            assertThat(u.duration()).isEqualTo(Duration.ofMinutes(100));
            RolloutStep step = journal.steps(r.id()).stream().filter(s -> s.kind() == StepKind.UPDATE
                    && s.subject().equals(u.hostId())).findFirst().orElseThrow();
            assertThat(u.started()).isEqualTo(end.planTime(step.startedAt().orElseThrow()));
        }
        assertThat(learned).allSatisfy(u -> assertThat(u.fromVersion()).isEqualTo(versions.get(u.hostId())));

        UpdateImpactModel.Estimate after = webEstimate(versions.get("web-1"));
        assertThat(after.median()).isGreaterThan(before.median());
        assertThat(after.basis()).contains("2 past major updates of web");
        assertThat(lines).anyMatch(l -> l.contains("appended to the update history"));
    }

    @Test
    void loadAboveTheForecastsUpperQuantileIsScoredAndFlaggedPerService() {
        RolloutTestData.setUp(store, clock, 0);
        ScriptedProvider provider = new ScriptedProvider(RolloutTestData.sandbox(store, clock));
        // web runs at 30 cores against a forecast of 10 (upper 12); db and cache (web-1's second service) at 5
        provider.observations = (service, at) -> Optional.of(new ServiceObservation(service, at,
                service.equals("web") ? 30 : 5, 200, 0, 0.001));
        PredictedLoad.Source forecast = (account, scenario) -> (service, at) ->
                Optional.of(new PredictedLoad.Band(10, 12));
        RolloutService rollouts = service(provider, forecast);
        Rollout r = rollouts.launch(RolloutTestData.ACCOUNT, RolloutTestData.SCENARIO, Optional.empty(), "ops");
        assertThat(rollouts.drive(r.id(), lines::add).status()).isEqualTo(RolloutStatus.DONE);

        List<ForecastJournal.RolloutScore> scores = feedback.rolloutScores(RolloutTestData.ACCOUNT, r.id());
        assertThat(scores).extracting(s -> s.batch() + "/" + s.service()).containsExactly("1/cache", "1/web",
                "2/db");
        ForecastJournal.RolloutScore web = scores.get(1);
        long webTicks = rollouts.loadChecks(r.id()).stream().filter(c -> c.service().equals("web")).count();
        assertThat(web.checks()).isEqualTo((int) webTicks).isGreaterThan(1);
        assertThat(web.mae()).isEqualTo(20.0);
        assertThat(web.bias()).isEqualTo(20.0);
        assertThat(web.aboveUpper()).isEqualTo(1.0);
        assertThat(web.worstUnder()).isEqualTo(20.0);
        assertThat(web.quantile()).isEqualTo(RolloutTestData.POLICY.forecastQuantile());
        ForecastJournal.RolloutScore db = scores.get(2);
        assertThat(db.bias()).isEqualTo(-5.0);
        assertThat(db.aboveUpper()).isZero();
        assertThat(db.worstUnder()).isZero();

        FeedbackLoop loop = new FeedbackLoop(store, feedback);
        FeedbackLoop.RolloutCalibration webCalibration = loop.rolloutCalibration(RolloutTestData.ACCOUNT, "web")
                .orElseThrow();
        assertThat(webCalibration.flagged()).isTrue();
        assertThat(webCalibration.describe()).contains("too low");
        assertThat(loop.rolloutCalibration(RolloutTestData.ACCOUNT, "db").orElseThrow().flagged()).isFalse();
        assertThat(loop.rolloutCalibration(RolloutTestData.ACCOUNT, "api")).isEmpty();
    }

    @Test
    void recordingARolloutAgainAddsNothing() {
        RolloutTestData.setUp(store, clock, 0);
        ScriptedProvider provider = new ScriptedProvider(RolloutTestData.sandbox(store, clock));
        provider.observations = (service, at) -> Optional.of(new ServiceObservation(service, at, 11, 200, 0, 0));
        RolloutService rollouts = service(provider, (account, scenario) -> (service, at) ->
                Optional.of(new PredictedLoad.Band(10, 12)));
        Rollout r = rollouts.launch(RolloutTestData.ACCOUNT, RolloutTestData.SCENARIO, Optional.empty(), "ops");
        Rollout end = rollouts.drive(r.id(), lines::add);
        List<UpdateRecord> history = store.load(RolloutTestData.ACCOUNT, false).orElseThrow().updateHistory();
        List<ForecastJournal.RolloutScore> scores = feedback.rolloutScores(RolloutTestData.ACCOUNT, r.id());

        // a driver that stopped after learning but before storing the end finishes the rollout again
        learningJournal().ending(end, RolloutStatus.DONE, lines::add);
        outcome.record(end, learningJournal());

        assertThat(store.load(RolloutTestData.ACCOUNT, false).orElseThrow().updateHistory()).isEqualTo(history);
        assertThat(feedback.rolloutScores(RolloutTestData.ACCOUNT, r.id())).isEqualTo(scores);
        assertThat(RolloutTestData.query(dir.resolve("headroom.db"), "SELECT 'n', count(*) FROM rollout_update"))
                .containsEntry("n", "3");
    }

    @Test
    void aDriverThatFailsToStoreTheEndAfterLearningLearnsAgainOnResumeWithoutCountingTwice() {
        store.close();
        boolean[] armed = {false};
        int[] failures = {0};
        store = SqliteStore.open(dir.resolve("headroom.db"), new SqliteStore.Seam() {
            @Override
            public void beforeWrite(long n, String sql) throws java.sql.SQLException {
                if (armed[0] && sql.startsWith("UPDATE rollout SET status")) {
                    armed[0] = false;
                    failures[0]++;
                    throw new java.sql.SQLException("disk I/O error (injected)");
                }
            }
        });
        feedback = new SqliteForecastJournal(store);
        SqliteSandboxLedger ledger = new SqliteSandboxLedger(store, clock);
        outcome = new RolloutOutcome(store, store, new SqliteScenarioRepository(store), feedback);
        RolloutTestData.setUp(store, clock, 0);
        ScriptedProvider provider = new ScriptedProvider(RolloutTestData.sandbox(store, clock));
        provider.observations = (service, at) -> Optional.of(new ServiceObservation(service, at, 11, 200, 0, 0));
        RolloutService rollouts = service(provider, (account, scenario) -> (service, at) ->
                Optional.of(new PredictedLoad.Band(10, 12)));
        Rollout r = rollouts.launch(RolloutTestData.ACCOUNT, RolloutTestData.SCENARIO, Optional.empty(), "ops");

        // learning is written, then storing the rollout's end fails: the driver stops with the store's message
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rollouts.drive(r.id(), line -> {
            lines.add(line);
            if (line.contains("appended to the update history")) {
                armed[0] = true;
            }
        })).isInstanceOf(dev.headroom.domain.HeadroomException.class);
        assertThat(failures[0]).isEqualTo(1);
        assertThat(rollouts.rollout(r.id()).status()).isEqualTo(RolloutStatus.RUNNING);
        List<UpdateRecord> history = store.load(RolloutTestData.ACCOUNT, false).orElseThrow().updateHistory();
        List<ForecastJournal.RolloutScore> scores = feedback.rolloutScores(RolloutTestData.ACCOUNT, r.id());
        assertThat(scores).isNotEmpty();

        // a restart finishes it: it learns again, and nothing is counted twice
        assertThat(rollouts.resumeAll(lines::add)).extracting(Rollout::status).containsExactly(RolloutStatus.DONE);
        assertThat(lines.stream().filter(l -> l.contains("appended to the update history"))).hasSize(2);
        assertThat(store.load(RolloutTestData.ACCOUNT, false).orElseThrow().updateHistory()).isEqualTo(history);
        assertThat(feedback.rolloutScores(RolloutTestData.ACCOUNT, r.id())).isEqualTo(scores);
    }

    @Test
    void replacingTheAccountKeepsWhatRolloutsTaughtAndDoesNotCountItTwice() {
        RolloutTestData.setUp(store, clock, 0);
        AccountSnapshot original = store.load(RolloutTestData.ACCOUNT, true).orElseThrow();
        RolloutService rollouts = service(RolloutTestData.sandbox(store, clock), PredictedLoad.Source.NONE);
        Rollout r = rollouts.launch(RolloutTestData.ACCOUNT, RolloutTestData.SCENARIO, Optional.empty(), "ops");
        rollouts.drive(r.id(), lines::add);
        AccountSnapshot learned = store.load(RolloutTestData.ACCOUNT, true).orElseThrow();
        assertThat(learned.updateHistory()).hasSize(original.updateHistory().size() + 3);

        // a re-import of the account as it was: the imported history is replaced, the learned records stay
        store.replace(original);
        assertThat(store.load(RolloutTestData.ACCOUNT, false).orElseThrow().updateHistory())
                .isEqualTo(learned.updateHistory());
        // a snapshot that already holds the learned records (an export imported again) does not double them
        store.replace(learned);
        assertThat(store.load(RolloutTestData.ACCOUNT, false).orElseThrow().updateHistory())
                .isEqualTo(learned.updateHistory());

        store.delete(RolloutTestData.ACCOUNT);
        assertThat(RolloutTestData.query(dir.resolve("headroom.db"), "SELECT 'n', count(*) FROM rollout_update"))
                .containsEntry("n", "0");
    }

    @Test
    void anAbortedRolloutRecordsItsRolledBackUpdates() {
        RolloutTestData.setUp(store, clock, 2);
        RolloutService rollouts = service(RolloutTestData.sandbox(store, clock), PredictedLoad.Source.NONE);
        Rollout r = rollouts.launch(RolloutTestData.ACCOUNT, RolloutTestData.SCENARIO, Optional.empty(), "ops");
        Rollout end = rollouts.drive(r.id(), line -> {
            if (line.contains("done") && line.contains("update web-1")) {
                rollouts.abort(r.id(), "ops");
            }
        });
        assertThat(end.status()).isEqualTo(RolloutStatus.ABORTED);
        Map<String, UpdateOutcome> outcomes = new java.util.TreeMap<>();
        store.load(RolloutTestData.ACCOUNT, false).orElseThrow().updateHistory().stream()
                .filter(u -> u.toVersion().equals(WEB_TARGET)).forEach(u -> outcomes.put(u.hostId(), u.outcome()));
        List<String> updated = rollouts.steps(r.id()).stream().filter(s -> s.kind() == StepKind.UPDATE
                && s.state() == StepState.DONE).map(RolloutStep::subject).toList();
        assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(updated);
        assertThat(outcomes.values()).containsOnly(UpdateOutcome.ROLLED_BACK);
    }
}
