package dev.headroom.providers.sandbox;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.ProgressListener;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * Times generation of the default sandbox fleet (median of three, after one warm-up run).
 * Run with {@code java -cp target/classes:target/test-classes dev.headroom.providers.sandbox.SandboxBench}.
 */
public final class SandboxBench {
    private static final int RUNS = 3;

    private SandboxBench() {
    }

    public static void main(String[] args) {
        SandboxConfig config = SandboxConfig.defaults(Instant.now().truncatedTo(ChronoUnit.HOURS));
        AccountSnapshot snapshot = SandboxFleetGenerator.generate(config, "bench", Instant.EPOCH, ProgressListener.NONE);
        long[] millis = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            snapshot = SandboxFleetGenerator.generate(config, "bench", Instant.EPOCH, ProgressListener.NONE);
            millis[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        Arrays.sort(millis);
        long samples = snapshot.metrics().stream().mapToLong(MetricSeries::size).sum();
        System.out.printf("default sandbox fleet: %d hosts, %d series, %d samples, %d update records%n",
                snapshot.hosts().size(), snapshot.metrics().size(), samples, snapshot.updateHistory().size());
        System.out.printf("generation time: median %d ms of %d runs %s, %d processors%n", millis[RUNS / 2], RUNS,
                Arrays.toString(millis), Runtime.getRuntime().availableProcessors());
    }
}
