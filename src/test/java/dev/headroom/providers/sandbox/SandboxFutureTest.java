package dev.headroom.providers.sandbox;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.ProgressListener;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox's future is the same world run on: same hosts, same scheduled events, samples past the clock. */
class SandboxFutureTest {
    private static final Instant END = Instant.parse("2026-11-22T18:00:00Z");

    @Test
    void runsTheAccountsWorldOnPastItsClockWithTheEventsItAnnounced() {
        AccountSnapshot stored = SandboxFleetGenerator.generate(SandboxConfig.defaults(END), "sandbox", END,
                ProgressListener.NONE);
        Instant until = END.plus(Duration.ofHours(30));
        AccountSnapshot future = SandboxFuture.until(stored.account(), until, ProgressListener.NONE);

        assertThat(future.events()).isEqualTo(stored.events());
        assertThat(future.hosts()).extracting(h -> h.id()).isEqualTo(stored.hosts().stream().map(h -> h.id()).toList());
        MetricSeries cpu = future.metrics().stream().filter(m -> m.id().metric() == Metric.CPU).findFirst().orElseThrow();
        assertThat(cpu.end()).isAfterOrEqualTo(until);
        assertThat(cpu.start()).isEqualTo(stored.metrics().get(0).start());
    }
}
