package dev.headroom.rollout;

import dev.headroom.audit.AuditEntry;
import dev.headroom.audit.AuditKind;
import dev.headroom.domain.HeadroomException;
import dev.headroom.persistence.SqliteRolloutJournal;
import dev.headroom.persistence.SqliteSandboxLedger;
import dev.headroom.persistence.SqliteStore;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rollout engine on the sandbox provider in a real SQLite file, timed by a stepping clock. */
class RolloutServiceTest {
    @TempDir
    Path dir;
    private Path db;
    private SqliteStore store;
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-23T00:30:00Z"));
    private final Map<Instant, Instant> waits = new java.util.TreeMap<>();
    private final Waiter stepping = (c, since, period) -> {
        Instant due = since.plus(period);
        waits.merge(since, due, (a, b) -> a.isAfter(b) ? a : b);
        if (clock.instant().isBefore(due)) {
            clock.advance(Duration.between(clock.instant(), due));
        }
    };
    private final List<String> lines = new ArrayList<>();

    @BeforeEach
    void open() {
        db = dir.resolve("headroom.db");
        store = SqliteStore.open(db);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private RolloutService service() {
        return RolloutTestData.service(store, clock, RolloutTestData.sandbox(store, clock), stepping);
    }

    @Test
    void launchRefusesAPlanThatIsNotApproved() {
        RolloutTestData.setUp(store, clock, 0);
        RolloutTestData.approvals(store, clock).revoke("sandbox", "night", "ops", "changed my mind");
        assertThatThrownBy(() -> service().launch("sandbox", "night", Optional.empty(), "ops"))
                .isInstanceOf(HeadroomException.class).hasMessageContaining("is not approved");
        assertThat(new SqliteRolloutJournal(store).rollouts("sandbox")).isEmpty();
    }

    @Test
    void aRolloutRunsEveryStepOnceAndLeavesHostsOnTheReleaseAndNoSurge() {
        RolloutTestData.setUp(store, clock, 1);
        RolloutService rollouts = service();
        Rollout r = rollouts.launch("sandbox", "night", Optional.empty(), "ops");
        Rollout end = rollouts.drive(r.id(), lines::add);

        assertThat(end.status()).isEqualTo(RolloutStatus.DONE);
        List<RolloutStep> steps = rollouts.steps(r.id());
        assertThat(steps).allSatisfy(s -> {
            assertThat(s.state()).isEqualTo(StepState.DONE);
            assertThat(s.attempts()).isEqualTo(1);
        });
        // 2 web batches (web-2, web-1 | web-3) and db-1: reserve, updates, verifies, restore, stabilise, release
        assertThat(steps).hasSize(8 + 6 + 6);
        assertThat(RolloutTestData.versions(db)).isEqualTo(Map.of("db-1", "15.1", "web-1", "2.0.0", "web-2", "2.0.0",
                "web-3", "2.0.0"));
        SqliteSandboxLedger ledger = new SqliteSandboxLedger(store, clock);
        assertThat(ledger.heldReservations("sandbox")).isZero();
        assertThat(ledger.effects("sandbox")).isEqualTo(Map.of("reserve", 3L, "release", 3L, "restore", 3L,
                "update", 4L));
        // each batch waited for its hosts' updates (5 min each, from the same moment) and then the policy's 15
        // minutes of stabilisation, on the injected clock (at speed 1)
        assertThat(waits.entrySet().stream().map(e -> Duration.between(e.getKey(), e.getValue())).toList())
                .containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(5),
                        Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(15));
        assertThat(clock.instant()).isAfterOrEqualTo(Instant.parse("2026-11-23T01:15:00Z"));
    }

    @Test
    void aStartedStepIsReissuedWithItsKeyAndNotAppliedTwice() {
        RolloutTestData.setUp(store, clock, 0);
        RolloutService rollouts = service();
        Rollout r = rollouts.launch("sandbox", "night", Optional.empty(), "ops");
        SqliteRolloutJournal journal = new SqliteRolloutJournal(store);
        RolloutStep reserve = journal.steps(r.id()).get(0);
        RolloutStep update = journal.steps(r.id()).get(1);
        // a crash after the reserve was applied but before its done was committed ...
        journal.started(reserve, new AuditEntry(clock.instant(), "sandbox", "headroom", AuditKind.STEP, "t", "t"));
        RolloutTestData.sandbox(store, clock).reserve(reserve.idempotencyKey(), "sandbox", "web", "eu-west-1",
                "m6i.large", 2);
        assertThat(journal.steps(r.id()).get(0).state()).isEqualTo(StepState.STARTED);
        assertThat(update.kind()).isEqualTo(StepKind.UPDATE);

        Rollout end = rollouts.drive(r.id(), lines::add);

        assertThat(end.status()).isEqualTo(RolloutStatus.DONE);
        assertThat(journal.steps(r.id()).get(0).attempts()).isEqualTo(2);
        assertThat(lines).anyMatch(l -> l.contains("re-issue") && l.contains("reserve"));
        assertThat(new SqliteSandboxLedger(store, clock).effects("sandbox")).containsEntry("reserve", 2L)
                .containsEntry("release", 2L);
    }

    @Test
    void pauseStopsBeforeTheNextStepAndResumeFinishes() {
        RolloutTestData.setUp(store, clock, 0);
        RolloutService rollouts = service();
        Rollout r = rollouts.launch("sandbox", "night", Optional.empty(), "ops");
        Rollout paused = rollouts.drive(r.id(), line -> {
            if (line.contains("done") && line.contains("update web-2")) {
                rollouts.pause(r.id(), "ops");
            }
        });
        assertThat(paused.status()).isEqualTo(RolloutStatus.PAUSED);
        long done = rollouts.steps(r.id()).stream().filter(s -> s.state() == StepState.DONE).count();
        assertThat(done).isEqualTo(2);
        assertThat(rollouts.resumeAll(lines::add)).isEmpty();

        rollouts.resume(r.id(), "ops");
        assertThat(rollouts.resumeAll(lines::add)).extracting(Rollout::status).containsExactly(RolloutStatus.DONE);
    }

    @Test
    void abortReleasesEveryReservationAndRollsTheCurrentBatchBackLowestCapacityFirst() {
        RolloutTestData.setUp(store, clock, 3);
        RolloutService rollouts = service();
        Rollout r = rollouts.launch("sandbox", "night", Optional.empty(), "ops");
        // batch 1 = web-2, web-1; batch 2 = web-3 (0 spare: capacity 4), web-4 (capacity 1)
        rollouts.drive(r.id(), line -> {
            if (line.contains("done") && line.contains("update web-4")) {
                rollouts.pause(r.id(), "ops");
            }
        });
        rollouts.abort(r.id(), "ops");
        Rollout end = rollouts.drive(r.id(), lines::add);

        assertThat(end.status()).isEqualTo(RolloutStatus.ABORTED);
        Map<String, String> versions = RolloutTestData.versions(db);
        assertThat(versions).containsEntry("web-1", "2.0.0").containsEntry("web-2", "2.0.0")
                .containsEntry("web-3", "1.4.0").containsEntry("web-4", "1.4.0").containsEntry("web-5", "1.4.0")
                .containsEntry("db-1", "14.2");
        List<RolloutStep> rollbacks = rollouts.steps(r.id()).stream().filter(s -> s.kind() == StepKind.ROLLBACK)
                .toList();
        assertThat(rollbacks).extracting(RolloutStep::subject).containsExactly("web-4", "web-3");
        assertThat(new SqliteSandboxLedger(store, clock).heldReservations("sandbox")).isZero();
        assertThat(rollouts.steps(r.id())).noneMatch(s -> s.state() == StepState.PENDING
                || s.state() == StepState.STARTED);
    }
}
