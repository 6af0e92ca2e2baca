package dev.headroom.providers.sandbox;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Host;
import dev.headroom.domain.Policy;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.Window;
import dev.headroom.persistence.SqliteSandboxLedger;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.rollout.AllocatedResources;
import dev.headroom.rollout.VersionTrigger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * Times the sandbox provider on the default fleet in a real SQLite file: the first observe (which
 * generates and caches the account's future), then observe and verified update calls.
 * Run with {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.headroom.providers.sandbox.SandboxObserveBench}.
 */
public final class SandboxObserveBench {
    private SandboxObserveBench() {
    }

    public static void main(String[] args) throws Exception {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        AccountSnapshot stored = SandboxFleetGenerator.generate(SandboxConfig.defaults(end), "sandbox", end,
                ProgressListener.NONE);
        Path dir = Files.createTempDirectory("sandbox-bench");
        try (SqliteStore store = SqliteStore.open(dir.resolve("headroom.db"))) {
            store.replace(stored);
            SqliteSandboxLedger ledger = new SqliteSandboxLedger(store, Clock.systemUTC());
            SandboxRolloutProvider provider = new SandboxRolloutProvider(ledger,
                    new SandboxFutures(SandboxFutures::generate, 1));
            Window window = stored.policy().flatMap(Policy::window).orElseThrow();
            long t0 = System.nanoTime();
            provider.observe("sandbox", SandboxCatalog.FRONTEND, window.start()).orElseThrow();
            long first = (System.nanoTime() - t0) / 1_000_000;

            List<String> services = SandboxCatalog.SERVICES.stream().map(SandboxCatalog.ServiceSpec::name).toList();
            int n = 240;
            long[] observe = new long[n];
            for (int i = 0; i < n; i++) {
                long s = System.nanoTime();
                provider.observe("sandbox", services.get(i % services.size()),
                        window.start().plus(Duration.ofMinutes(5L * (i / services.size()))));
                observe[i] = System.nanoTime() - s;
            }
            List<Host> hosts = stored.hosts().subList(0, 60);
            long[] update = new long[hosts.size()];
            for (int i = 0; i < hosts.size(); i++) {
                Host h = hosts.get(i);
                VersionTrigger t = new VersionTrigger("9.9.9", VersionTrigger.ResourceStatus.SUCCESS,
                        new AllocatedResources(64, 256, 10, 1000), window.start(), h.id(), "bench/update/" + h.id());
                long s = System.nanoTime();
                provider.update("sandbox", t);
                update[i] = System.nanoTime() - s;
            }
            System.out.printf("default sandbox: %d hosts; first observe (generates the future to %s) %d ms%n",
                    stored.hosts().size(), SandboxFutures.horizon(SandboxConfig.defaults(end), stored.policy()), first);
            System.out.printf("observe: median %.2f ms, p95 %.2f ms over %d calls%n", median(observe), p95(observe), n);
            System.out.printf("update (verified, drained, applied once): median %.2f ms, p95 %.2f ms over %d calls%n",
                    median(update), p95(update), update.length);
        }
    }

    private static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[s.length / 2] / 1e6;
    }

    private static double p95(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[(int) Math.ceil(0.95 * s.length) - 1] / 1e6;
    }
}
