package dev.headroom.providers.sandbox;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Capacity;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Host;
import dev.headroom.domain.InstanceType;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.Policy;
import dev.headroom.domain.SeriesId;
import dev.headroom.domain.Service;
import dev.headroom.domain.Slo;
import dev.headroom.persistence.SqliteSandboxLedger;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.rollout.AllocatedResources;
import dev.headroom.rollout.VersionTrigger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sandbox account small enough to compute by hand: three web hosts (c5.xlarge: 4 cores, 8 GiB,
 * 1.25 Gbit/s, 143.75 MB/s) at 50%, 40% and 60% CPU — 2, 1.6 and 2.4 cores, 6 in all — and one
 * db host (r5.xlarge, 4 cores) at 25%; every host at 50% memory, 40% network, 20% disk. Its
 * "future" is two hours of flat five-minute samples from {@link #T0}; the policy's safety margin
 * is 20%.
 */
final class TinyFleet {
    static final String ACCOUNT = "tiny";
    static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    static final Duration STEP = Duration.ofMinutes(5);
    static final int SAMPLES = 24;
    static final Capacity C5_XLARGE = new Capacity(4, 8, 1.25, 143.75);
    static final Capacity R5_XLARGE = new Capacity(4, 32, 1.25, 143.75);

    private TinyFleet() {
    }

    static AccountSnapshot snapshot() {
        Account account = new Account(ACCOUNT, AccountKind.SANDBOX, T0.minus(Duration.ofDays(1)), Map.of());
        List<InstanceType> types = List.of(
                new InstanceType("c5.xlarge", "us-east-1", C5_XLARGE, 0.17, 0.06),
                new InstanceType("r5.xlarge", "us-east-1", R5_XLARGE, 0.252, 0.09));
        List<Host> hosts = List.of(
                host("web-1", "web", "c5.xlarge", C5_XLARGE),
                host("web-2", "web", "c5.xlarge", C5_XLARGE),
                host("web-3", "web", "c5.xlarge", C5_XLARGE),
                host("db-1", "db", "r5.xlarge", R5_XLARGE));
        double[] cpu = {50, 40, 60, 25};
        List<MetricSeries> metrics = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            String id = hosts.get(i).id();
            metrics.add(flat(id, Metric.CPU, cpu[i]));
            metrics.add(flat(id, Metric.MEMORY, 50));
            metrics.add(flat(id, Metric.NETWORK, 40));
            metrics.add(flat(id, Metric.DISK, 20));
        }
        return new AccountSnapshot(account, types, hosts,
                List.of(new Service("web", Criticality.HIGH, Slo.DEFAULT), new Service("db", Criticality.CRITICAL,
                        Slo.DEFAULT)), List.of(), metrics, List.of(), List.of(), List.of(), Optional.of(Policy.DEFAULT));
    }

    private static Host host(String id, String service, String type, Capacity capacity) {
        return new Host(id, List.of(service), "us-east-1", "us-east-1a", type, capacity, 0.17, "1.0.0",
                Criticality.HIGH, "");
    }

    private static MetricSeries flat(String host, Metric metric, double value) {
        double[] values = new double[SAMPLES];
        Arrays.fill(values, value);
        return new MetricSeries(new SeriesId(host, metric), T0, STEP, values);
    }

    /** The tiny fleet stored, with a provider whose future is the fleet's own series; counts generations. */
    static Setup setUp(SqliteStore store, Clock clock) {
        store.replace(snapshot());
        AtomicInteger generated = new AtomicInteger();
        SandboxFutures futures = new SandboxFutures(stored -> {
            generated.incrementAndGet();
            return Optional.of(FutureLoad.of(snapshot()));
        }, 2);
        SqliteSandboxLedger ledger = new SqliteSandboxLedger(store, clock);
        return new Setup(ledger, new SandboxRolloutProvider(ledger, futures), generated);
    }

    record Setup(SqliteSandboxLedger ledger, SandboxRolloutProvider provider, AtomicInteger generated) {
        void faults(Map<String, String> settings) {
            ledger.setFaults(ACCOUNT, SandboxFaults.of(settings));
        }
    }

    static VersionTrigger trigger(String host, String key, AllocatedResources allocated, Instant at) {
        return new VersionTrigger("2.0.0", VersionTrigger.ResourceStatus.SUCCESS, allocated, at, host, key);
    }

    static VersionTrigger trigger(String host, String key) {
        return trigger(host, key, AllocatedResources.NONE, T0.plus(Duration.ofMinutes(10)));
    }
}
