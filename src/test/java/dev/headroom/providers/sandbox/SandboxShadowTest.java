package dev.headroom.providers.sandbox;

import dev.headroom.domain.HeadroomException;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.rollout.ShadowReport;
import dev.headroom.testing.SteppingClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.headroom.providers.sandbox.TinyFleet.ACCOUNT;
import static dev.headroom.providers.sandbox.TinyFleet.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Shadow mode on the tiny fleet: the old and new versions compared on web-1's load (50% of 4 cores). */
class SandboxShadowTest {
    private static final Instant FROM = T0.plus(Duration.ofMinutes(10));
    private static final Instant TO = T0.plus(Duration.ofMinutes(40));
    /** M/M/1 p95 at utilisation 0.5 with the default 20 ms service time: 20 × ln 20 / 0.5. */
    private static final double OLD_P95 = 20 * Math.log(20) / 0.5;

    @TempDir
    Path dir;
    private SqliteStore store;
    private TinyFleet.Setup sandbox;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("headroom.db"));
        sandbox = TinyFleet.setUp(store, new SteppingClock(Instant.parse("2026-11-22T23:00:00Z")));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aNewVersionAsGoodAsTheOldIsHealthySoTheRolloutSwitches() {
        ShadowReport r = sandbox.provider().shadow("r1/b1/shadow/web-1", ACCOUNT, "web-1", "2.0.0", FROM, TO);
        assertThat(r.oldErrorRate()).isEqualTo(0.001);
        assertThat(r.oldLatencyMs()).isCloseTo(OLD_P95, within(1e-5));
        // the new version costs within ±3% of the old: its utilisation lies between 0.485 and 0.515
        assertThat(r.newLatencyMs()).isBetween(20 * Math.log(20) / 0.515 - 1e-5, 20 * Math.log(20) / 0.485 + 1e-5);
        assertThat(r.newErrorRate()).isEqualTo(0.001);
        assertThat(r.newHealthy()).isTrue();
        // deterministic, and applied once per key
        assertThat(sandbox.provider().shadow("r1/b1/shadow/web-1", ACCOUNT, "web-1", "2.0.0", FROM, TO)).isEqualTo(r);
        assertThat(new SandboxRolloutProvider(sandbox.ledger(), new SandboxFutures(s -> java.util.Optional.of(
                FutureLoad.of(TinyFleet.snapshot())), 1)).shadow("r2/b1/shadow/web-1", ACCOUNT, "web-1", "2.0.0",
                FROM, TO)).isEqualTo(r);
        assertThat(sandbox.ledger().effects(ACCOUNT)).containsEntry("shadow", 2L);
    }

    @Test
    void aRegressionFaultMakesTheNewVersionWorseSoTheRolloutAbandonsIt() {
        sandbox.faults(Map.of("regression.error_rate", "0.02", "regression.latency_factor", "1.5"));
        ShadowReport r = sandbox.provider().shadow("r1/b1/shadow/web-1", ACCOUNT, "web-1", "2.0.0", FROM, TO);
        assertThat(r.oldLatencyMs()).isCloseTo(OLD_P95, within(1e-5));
        assertThat(r.newErrorRate()).isCloseTo(0.021, within(1e-9));
        assertThat(r.newLatencyMs()).isGreaterThan(1.5 * 20 * Math.log(20) / 0.515 - 1e-5);
        assertThat(r.newHealthy()).isFalse();
    }

    @Test
    void aFailedHealthCheckDuringTheShadowMakesItUnhealthy() {
        sandbox.faults(Map.of("failed_health.probability", "1"));
        ShadowReport r = sandbox.provider().shadow("r1/b1/shadow/web-1", ACCOUNT, "web-1", "2.0.0", FROM, TO);
        assertThat(r.newErrorRate()).isEqualTo(0.001);
        assertThat(r.newHealthy()).isFalse();
    }

    @Test
    void aPeriodOutsideTheGeneratedFutureIsRefusedAndNothingIsStored() {
        assertThatThrownBy(() -> sandbox.provider().shadow("r1/b1/shadow/web-1", ACCOUNT, "web-1", "2.0.0", FROM,
                T0.plus(Duration.ofHours(3)))).isInstanceOf(HeadroomException.class)
                .hasMessageContaining("its generated future covers 2026-11-23T00:00:00Z to 2026-11-23T02:00:00Z");
        assertThat(sandbox.ledger().applied(ACCOUNT, "r1/b1/shadow/web-1")).isEmpty();
    }
}
