package dev.headroom.providers.sandbox;

import dev.headroom.domain.HeadroomException;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.providers.sandbox.SandboxLedger.SandboxEvent;
import dev.headroom.rollout.ProviderThrottledException;
import dev.headroom.rollout.UpdateReply;
import dev.headroom.rollout.VersionTrigger;
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
import java.util.function.Supplier;

import static dev.headroom.providers.sandbox.TinyFleet.ACCOUNT;
import static dev.headroom.providers.sandbox.TinyFleet.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** One test per fault kind: it happens as configured, and it is harmless where it must be. */
class SandboxFaultInjectionTest {
    private static final Instant AT = T0.plus(Duration.ofMinutes(10));

    @TempDir
    Path dir;
    private SqliteStore store;
    private SteppingClock clock;
    private TinyFleet.Setup sandbox;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("headroom.db"));
        clock = new SteppingClock(Instant.parse("2026-11-22T23:00:00Z"));
        sandbox = TinyFleet.setUp(store, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private String version(String host) {
        return store.load(ACCOUNT, false).orElseThrow().hosts().stream().filter(h -> h.id().equals(host)).findFirst()
                .orElseThrow().version();
    }

    private List<String> kinds() {
        return sandbox.ledger().events(ACCOUNT).stream().map(SandboxEvent::kind).toList();
    }

    /** The first seed from 1 whose rolls of {@code fault} on {@code key} fire exactly on the listed attempts. */
    private static long seedWhere(String fault, double p, String key, boolean... fires) {
        for (long seed = 1; seed < 10_000; seed++) {
            SandboxFaults f = SandboxFaults.of(Map.of("seed", Long.toString(seed)));
            boolean match = true;
            for (int a = 0; a < fires.length; a++) {
                match &= (f.roll(fault, key, a + 1) < p) == fires[a];
            }
            if (match) {
                return seed;
            }
        }
        throw new AssertionError("no seed");
    }

    @Test
    void providerErrorsFailBeforeAnythingChangesAndARetryCanSucceed() {
        String key = "r1/b1/reserve/web";
        long seed = seedWhere("error.reserve", 0.5, key, true, true, false);
        sandbox.faults(Map.of("seed", Long.toString(seed), "error.reserve", "0.5"));
        for (int attempt = 1; attempt <= 2; attempt++) {
            assertThatThrownBy(() -> sandbox.provider().reserve(key, ACCOUNT, "web", "us-east-1", "c5.xlarge", 2))
                    .isInstanceOf(HeadroomException.class).isNotInstanceOf(ProviderThrottledException.class)
                    .hasMessageContaining("provider API failed on reserve " + key + " (injected fault, attempt "
                            + attempt + "); nothing was changed");
            assertThat(sandbox.ledger().reservations(ACCOUNT)).isEmpty();
        }
        assertThat(sandbox.provider().reserve(key, ACCOUNT, "web", "us-east-1", "c5.xlarge", 2)).isEqualTo(2);
        assertThat(kinds()).containsExactly("provider error", "provider error");
        assertThat(sandbox.ledger().effects(ACCOUNT)).containsEntry("reserve", 1L);
    }

    @Test
    void throttlingSaysWhenToComeBackAndChangesNothing() {
        sandbox.faults(Map.of("throttle.update", "1", "throttle.retry_after_seconds", "20"));
        assertThatThrownBy(() -> sandbox.provider().update(ACCOUNT, TinyFleet.trigger("web-1", "r1/b1/update/web-1")))
                .isInstanceOfSatisfying(ProviderThrottledException.class, e ->
                        assertThat(e.retryAfter()).contains(Duration.ofSeconds(20)))
                .hasMessageContaining("Retry after 20 s");
        assertThat(version("web-1")).isEqualTo("1.0.0");
        assertThat(sandbox.ledger().outOfService(ACCOUNT)).isEmpty();
        assertThat(kinds()).containsExactly("throttled");
    }

    @Test
    void aLostReplyHappensAfterTheUpdateAndTheReissueWithItsKeyAppliesItOnce() {
        String key = "r1/b1/update/web-1";
        long seed = seedWhere("lost_reply.update", 0.5, key, true, false);
        sandbox.faults(Map.of("seed", Long.toString(seed), "lost_reply.update", "0.5"));
        VersionTrigger t = TinyFleet.trigger("web-1", key);
        assertThatThrownBy(() -> sandbox.provider().update(ACCOUNT, t)).isInstanceOf(HeadroomException.class)
                .hasMessageContaining("applied update " + key + " but its reply was lost");
        // the action happened and was committed before the reply was lost
        assertThat(version("web-1")).isEqualTo("2.0.0");
        assertThat(sandbox.ledger().outOfService(ACCOUNT)).containsExactly("web-1");

        // the re-issue returns the first answer: the version the host had before, not the new one
        assertThat(sandbox.provider().update(ACCOUNT, t)).isEqualTo(UpdateReply.applied("1.0.0", Duration.ofMinutes(5)));
        assertThat(sandbox.ledger().effects(ACCOUNT)).containsEntry("update", 1L);
        assertThat(kinds()).containsExactly("lost reply");
    }

    @Test
    void aLostReleaseReplyLeavesTheReservationReleasedOnce() {
        sandbox.provider().reserve("r1/b1/reserve/web", ACCOUNT, "web", "us-east-1", "c5.xlarge", 1);
        String key = "r1/b1/release/web";
        long seed = seedWhere("lost_reply.release", 0.5, key, true, false);
        sandbox.faults(Map.of("seed", Long.toString(seed), "lost_reply.release", "0.5"));
        assertThatThrownBy(() -> sandbox.provider().release(key, ACCOUNT, "r1/b1/reserve/web"))
                .hasMessageContaining("reply was lost");
        assertThat(sandbox.ledger().heldReservations(ACCOUNT)).isZero();
        sandbox.provider().release(key, ACCOUNT, "r1/b1/reserve/web");
        assertThat(sandbox.ledger().effects(ACCOUNT)).containsEntry("release", 1L);
    }

    @Test
    void aSlowUpdateTakesItsFactorLongerAndIsReported() {
        sandbox.faults(Map.of("slow_update.probability", "1", "slow_update.factor", "4"));
        UpdateReply reply = sandbox.provider().update(ACCOUNT, TinyFleet.trigger("web-1", "r1/b1/update/web-1"));
        // 5 minutes for a service the catalogue does not know, four times over: the host says so, and a
        // re-issue of the same key says the same
        assertThat(reply.takes()).hasValue(Duration.ofMinutes(20));
        assertThat(sandbox.provider().update(ACCOUNT, TinyFleet.trigger("web-1", "r1/b1/update/web-1")).takes())
                .hasValue(Duration.ofMinutes(20));
        assertThat(sandbox.ledger().updateMinutes(ACCOUNT)).containsEntry("web-1", 20.0);
        assertThat(sandbox.ledger().action(ACCOUNT, "r1/b1/update/web-1").orElseThrow()[2])
                .startsWith("drained; update took 20 min (slow update: ×4)");
        assertThat(sandbox.ledger().events(ACCOUNT)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("slow update");
            assertThat(e.detail()).isEqualTo("update of web-1 to 2.0.0 took 20 min, 4 times the usual 5");
        });
    }

    @Test
    void aFailedUpdateLeavesTheHostOnItsVersionAndTheRetryWithItsKeyCanSucceed() {
        String key = "r1/b1/update/web-1";
        long seed = seedWhere("failed_update", 0.5, key, true, false);
        sandbox.faults(Map.of("seed", Long.toString(seed), "failed_update.probability", "0.5"));
        VersionTrigger t = TinyFleet.trigger("web-1", key);
        assertThatThrownBy(() -> sandbox.provider().update(ACCOUNT, t))
                .hasMessage("Sandbox: host web-1 failed to update to 2.0.0 and stays on 1.0.0 (injected fault, "
                        + "attempt 1); nothing was changed. Resume to send the trigger again, or abort.");
        assertThat(version("web-1")).isEqualTo("1.0.0");
        assertThat(sandbox.ledger().outOfService(ACCOUNT)).isEmpty();
        assertThat(sandbox.ledger().applied(ACCOUNT, key)).isEmpty();
        assertThat(sandbox.provider().update(ACCOUNT, t)).isEqualTo(UpdateReply.applied("1.0.0", Duration.ofMinutes(5)));
        assertThat(version("web-1")).isEqualTo("2.0.0");
        assertThat(kinds()).containsExactly("failed update");
    }

    @Test
    void failedHealthChecksFailAsConfiguredAndPassOnOtherAttempts() {
        long seed = seedWhere("failed_health", 0.5, "health:web-1", true, false);
        sandbox.faults(Map.of("seed", Long.toString(seed), "failed_health.probability", "0.5"));
        assertThat(sandbox.provider().healthy(ACCOUNT, "web-1")).isFalse();
        assertThat(sandbox.provider().healthy(ACCOUNT, "web-1")).isTrue();
        assertThat(kinds()).containsExactly("failed health check");
        sandbox.faults(Map.of("failed_health.probability", "1"));
        assertThat(sandbox.provider().healthy(ACCOUNT, "web-2")).isFalse();
    }

    @Test
    void aSpotInterruptionTakesBackPartOfTheReservationAndObserveSeesTheSurgeDrop() {
        sandbox.faults(Map.of("spot.probability", "1", "spot.after_minutes", "10", "spot.fraction", "0.5"));
        assertThat(sandbox.provider().reserve("r1/b1/reserve/web", ACCOUNT, "web", "us-east-1", "c5.xlarge", 3))
                .isEqualTo(3);
        assertThat(sandbox.provider().observe(ACCOUNT, "web", AT).orElseThrow().surgeCores()).isEqualTo(12.0);
        clock.advance(Duration.ofMinutes(9));
        assertThat(sandbox.provider().observe(ACCOUNT, "web", AT).orElseThrow().surgeCores()).isEqualTo(12.0);
        clock.advance(Duration.ofMinutes(1));
        // half of 3, rounded up: 2 instances go, 1 × 4 cores stays
        assertThat(sandbox.provider().observe(ACCOUNT, "web", AT).orElseThrow().surgeCores()).isEqualTo(4.0);
        assertThat(sandbox.ledger().events(ACCOUNT)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("spot interruption");
            assertThat(e.detail()).isEqualTo("spot interruption: 2 of 3 c5.xlarge instances of reservation "
                    + "r1/b1/reserve/web were taken back");
        });
        assertThat(sandbox.ledger().interruptDue(ACCOUNT)).isZero();
        // releasing an interrupted reservation is no error
        sandbox.provider().release("r1/b1/release/web", ACCOUNT, "r1/b1/reserve/web");
        assertThat(sandbox.ledger().heldReservations(ACCOUNT)).isZero();
    }

    @Test
    void aLoadSurgeMultipliesObservedLoadOverItsIntervalForItsServiceOnly() {
        sandbox.faults(Map.of("surge.factor", "2", "surge.from", "2026-11-23T00:30:00Z",
                "surge.to", "2026-11-23T01:00:00Z", "surge.service", "web"));
        assertThat(sandbox.provider().observe(ACCOUNT, "web", T0.plus(Duration.ofMinutes(25))).orElseThrow()
                .loadCores()).isCloseTo(6, within(1e-9));
        var surged = sandbox.provider().observe(ACCOUNT, "web", T0.plus(Duration.ofMinutes(40))).orElseThrow();
        assertThat(surged.loadCores()).isCloseTo(12, within(1e-9));
        // 12 cores on 12: nothing beyond capacity yet
        assertThat(surged.errorRate()).isEqualTo(0.001);
        sandbox.provider().update(ACCOUNT, TinyFleet.trigger("web-1", "r1/b1/update/web-1",
                new dev.headroom.rollout.AllocatedResources(4, 8, 2, 200), T0.plus(Duration.ofMinutes(40))));
        var drained = sandbox.provider().observe(ACCOUNT, "web", T0.plus(Duration.ofMinutes(40))).orElseThrow();
        // 12 cores on 8: a third fails
        assertThat(drained.errorRate()).isCloseTo(0.001 + 4.0 / 12, within(1e-12));
        assertThat(sandbox.provider().observe(ACCOUNT, "web", T0.plus(Duration.ofMinutes(60))).orElseThrow()
                .loadCores()).isCloseTo(6, within(1e-9));
        assertThat(sandbox.provider().observe(ACCOUNT, "db", T0.plus(Duration.ofMinutes(40))).orElseThrow()
                .loadCores()).isCloseTo(1, within(1e-9));
    }

    @Test
    void aCapacityLimitGrantsPartOfAReservation() {
        sandbox.faults(Map.of("capacity_limit.c5.xlarge@us-east-1", "3"));
        assertThat(sandbox.provider().reserve("r1/b1/reserve/web", ACCOUNT, "web", "us-east-1", "c5.xlarge", 2))
                .isEqualTo(2);
        assertThat(sandbox.provider().reserve("r1/b2/reserve/web", ACCOUNT, "web", "us-east-1", "c5.xlarge", 2))
                .isEqualTo(1);
        // the re-issue returns the first grant
        assertThat(sandbox.provider().reserve("r1/b2/reserve/web", ACCOUNT, "web", "us-east-1", "c5.xlarge", 2))
                .isEqualTo(1);
        assertThat(sandbox.provider().reserve("r1/b3/reserve/web", ACCOUNT, "web", "us-east-1", "c5.xlarge", 2))
                .isZero();
        // another region is not limited by this one
        assertThat(sandbox.provider().reserve("r1/b3/reserve/web-eu", ACCOUNT, "web", "eu-west-1", "c5.xlarge", 2))
                .isEqualTo(2);
        assertThat(sandbox.ledger().reservations(ACCOUNT)).extracting(SandboxLedger.Reservation::requested,
                SandboxLedger.Reservation::count).containsExactly(org.assertj.core.groups.Tuple.tuple(2, 2),
                org.assertj.core.groups.Tuple.tuple(2, 1), org.assertj.core.groups.Tuple.tuple(2, 0),
                org.assertj.core.groups.Tuple.tuple(2, 2));
        assertThat(sandbox.ledger().events(ACCOUNT)).extracting(SandboxEvent::detail).containsExactly(
                "granted 1 of 2 c5.xlarge in us-east-1: the sandbox holds at most 3 at once and 2 are held",
                "granted 0 of 2 c5.xlarge in us-east-1: the sandbox holds at most 3 at once and 3 are held");
        // 2 + 1 + 0 in us-east-1 and 2 in eu-west-1, 4 cores each: surge serves the service wherever it runs
        assertThat(sandbox.provider().observe(ACCOUNT, "web", AT).orElseThrow().surgeCores()).isEqualTo(20.0);
    }

    @Test
    void theSameSettingsAndCallsGiveTheSameFaultsOnAnotherDatabase() {
        Map<String, String> settings = Map.of("seed", "42", "error.reserve", "0.3", "throttle.reserve", "0.2",
                "lost_reply.reserve", "0.3");
        List<String> first = run(settings, store);
        try (SqliteStore other = SqliteStore.open(dir.resolve("other.db"))) {
            TinyFleet.Setup again = TinyFleet.setUp(other, clock);
            again.faults(settings);
            TinyFleet.Setup saved = sandbox;
            sandbox = again;
            List<String> second = run(settings, other);
            sandbox = saved;
            assertThat(second).isEqualTo(first);
        }
        // with these odds over 20 calls, each outcome occurs
        assertThat(first).anyMatch(s -> s.startsWith("error")).anyMatch(s -> s.startsWith("throttled"))
                .anyMatch(s -> s.startsWith("lost")).anyMatch(s -> s.startsWith("granted"));
        Map<String, Long> effects = sandbox.ledger().effects(ACCOUNT);
        // every key applied at most once, however many attempts it took
        assertThat(effects.getOrDefault("reserve", 0L)).isLessThanOrEqualTo(5);
    }

    /** Five reservations, each tried up to four times; what each attempt saw. */
    private List<String> run(Map<String, String> settings, SqliteStore db) {
        sandbox.faults(settings);
        List<String> outcomes = new ArrayList<>();
        for (int r = 1; r <= 5; r++) {
            String key = "r1/b" + r + "/reserve/web";
            for (int attempt = 1; attempt <= 4; attempt++) {
                outcomes.add(outcome(() -> "granted " + sandbox.provider().reserve(key, ACCOUNT, "web", "us-east-1",
                        "c5.xlarge", 1)));
            }
        }
        return outcomes;
    }

    private static String outcome(Supplier<String> call) {
        try {
            return call.get();
        } catch (ProviderThrottledException e) {
            return "throttled " + e.retryAfter().map(Duration::toSeconds).orElse(-1L);
        } catch (HeadroomException e) {
            return e.getMessage().contains("reply was lost") ? "lost" : "error";
        }
    }

    @Test
    void withoutFaultsNothingIsLoggedAndEveryCallSucceeds() {
        assertThat(sandbox.provider().observe(ACCOUNT, "web", AT)).isPresent();
        assertThat(sandbox.provider().healthy(ACCOUNT, "web-1")).isTrue();
        assertThat(sandbox.ledger().events(ACCOUNT)).isEmpty();
        assertThat(Optional.of(sandbox.ledger().faults(ACCOUNT))).contains(SandboxFaults.NONE);
    }
}
