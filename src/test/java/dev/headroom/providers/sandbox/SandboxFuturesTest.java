package dev.headroom.providers.sandbox;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Host;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.Policy;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.Window;
import dev.headroom.persistence.SqliteSandboxLedger;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.rollout.ServiceObservation;
import dev.headroom.testing.SteppingClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Observe on a generated sandbox: the future the planner's replay generates, made once, bounded by its horizon. */
class SandboxFuturesTest {
    private static final Instant END = Instant.parse("2026-11-22T18:00:00Z");

    @TempDir
    Path dir;

    @Test
    void observeReadsTheGeneratedFutureUpToThePolicyWindowAndNoFurther() {
        SandboxConfig config = new SandboxConfig(7, 24, 2, Duration.ofMinutes(5), END);
        AccountSnapshot stored = SandboxFleetGenerator.generate(config, "sandbox", END, ProgressListener.NONE);
        Window window = stored.policy().flatMap(Policy::window).orElseThrow();
        try (SqliteStore store = SqliteStore.open(dir.resolve("headroom.db"))) {
            store.replace(stored);
            AtomicInteger generated = new AtomicInteger();
            SandboxFutures futures = new SandboxFutures(s -> {
                generated.incrementAndGet();
                return SandboxFutures.generate(s);
            }, 1);
            SandboxRolloutProvider provider = new SandboxRolloutProvider(new SqliteSandboxLedger(store,
                    new SteppingClock(END)), futures);

            // the replay's world: the future generated until the window's end, as the planner does
            AccountSnapshot replay = SandboxFuture.until(stored.account(), window.end(), ProgressListener.NONE);
            Instant at = window.start().plus(Duration.ofMinutes(37));
            double expected = 0;
            double cores = 0;
            for (Host h : replay.hosts()) {
                if (h.services().contains(SandboxCatalog.FRONTEND)) {
                    MetricSeries cpu = replay.metrics().stream().filter(m -> m.id().hostId().equals(h.id())
                            && m.id().metric() == Metric.CPU).findFirst().orElseThrow();
                    int i = (int) (Duration.between(cpu.start(), at).toMinutes() / 5);
                    expected += cpu.value(i) / 100 * h.capacity().cpuCores();
                    cores += h.capacity().cpuCores();
                }
            }
            ServiceObservation o = provider.observe("sandbox", SandboxCatalog.FRONTEND, at).orElseThrow();
            assertThat(o.loadCores()).isCloseTo(expected, within(1e-9)).isPositive();
            assertThat(o.inServiceCores()).isEqualTo(cores);

            // the future runs whole days past the history, at least to the window's end; never further
            Instant horizon = END.plus(Duration.ofDays(1));
            assertThat(window.end()).isBeforeOrEqualTo(horizon);
            assertThat(provider.observe("sandbox", SandboxCatalog.FRONTEND, horizon.minusSeconds(1))).isPresent();
            assertThat(provider.observe("sandbox", SandboxCatalog.FRONTEND, horizon)).isEmpty();
            assertThat(provider.observe("sandbox", SandboxCatalog.FRONTEND, config.historyStart().minusSeconds(1)))
                    .isEmpty();
            assertThat(generated.get()).isEqualTo(1);
            assertThat(SandboxFutures.horizon(config, Optional.empty())).isEqualTo(horizon);
        }
    }
}
