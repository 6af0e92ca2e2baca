package dev.headroom.providers.sandbox;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Capacity;
import dev.headroom.domain.Host;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.rollout.AllocatedResources;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox's generated future reduced to what a rollout looks at: what each host uses of its
 * CPU (cores), memory (GiB), network (Gbit/s) and disk (MB/s) at a plan time. Built once per
 * account and kept ({@link SandboxFutures}), because generating it takes seconds.
 *
 * <p>A missing sample is read as the host's last sample up to {@value #LOOK_BACK} steps before
 * it (a lost scrape); a longer gap as no use at all, because the generator only leaves a host
 * silent that is down, and it already moved that host's load to its siblings.
 */
public final class FutureLoad {
    static final int LOOK_BACK = 2;

    private final Map<String, Host> hosts;
    private final Map<String, Map<Metric, MetricSeries>> series;
    private final Instant start;
    private final Instant end;

    private FutureLoad(Map<String, Host> hosts, Map<String, Map<Metric, MetricSeries>> series, Instant start,
                       Instant end) {
        this.hosts = hosts;
        this.series = series;
        this.start = start;
        this.end = end;
    }

    /** The hosts and series of {@code future} (a snapshot with metrics); covers what every host's CPU series covers. */
    public static FutureLoad of(AccountSnapshot future) {
        Map<String, Host> hosts = new HashMap<>();
        future.hosts().forEach(h -> hosts.put(h.id(), h));
        Map<String, Map<Metric, MetricSeries>> series = new HashMap<>();
        for (MetricSeries s : future.metrics()) {
            if (hosts.containsKey(s.id().hostId())) {
                series.computeIfAbsent(s.id().hostId(), k -> new EnumMap<>(Metric.class)).put(s.id().metric(), s);
            }
        }
        Instant start = Instant.MIN;
        Instant end = Instant.MAX;
        for (Host h : future.hosts()) {
            MetricSeries cpu = series.getOrDefault(h.id(), Map.of()).get(Metric.CPU);
            if (cpu == null) {
                // a host without a CPU series leaves nothing covered: its load would be a guess
                return new FutureLoad(hosts, series, Instant.EPOCH, Instant.EPOCH);
            }
            start = cpu.start().isAfter(start) ? cpu.start() : start;
            end = cpu.end().isBefore(end) ? cpu.end() : end;
        }
        if (future.hosts().isEmpty()) {
            start = Instant.EPOCH;
            end = Instant.EPOCH;
        }
        return new FutureLoad(hosts, series, start, end);
    }

    /** First plan time covered. */
    public Instant start() {
        return start;
    }

    /** Just after the last plan time covered. */
    public Instant end() {
        return end;
    }

    public boolean covers(Instant at) {
        return !at.isBefore(start) && at.isBefore(end);
    }

    /** Whether {@code [from, to)} lies inside what is covered. */
    public boolean covers(Instant from, Instant to) {
        return covers(from) && !to.isAfter(end);
    }

    /** The sample step of the host's CPU series. */
    public Optional<java.time.Duration> step(String host) {
        return Optional.ofNullable(series.getOrDefault(host, Map.of()).get(Metric.CPU)).map(MetricSeries::step);
    }

    public Optional<Host> host(String id) {
        return Optional.ofNullable(hosts.get(id));
    }

    /**
     * What the host uses of {@code metric} at plan time {@code at}, in the metric's unit of its
     * capacity (cores, GiB, Gbit/s, MB/s); 0 when the host has no such series.
     */
    public double use(String host, Metric metric, Instant at) {
        Host h = hosts.get(host);
        MetricSeries s = series.getOrDefault(host, Map.of()).get(metric);
        if (h == null || s == null) {
            return 0;
        }
        long i = Math.floorDiv(at.getEpochSecond() - s.start().getEpochSecond(), s.step().getSeconds());
        for (long k = i; k >= Math.max(0, i - LOOK_BACK); k--) {
            if (k < s.size() && !Double.isNaN(s.value((int) k))) {
                return s.value((int) k) / 100 * capacity(h.capacity(), metric);
            }
        }
        return 0;
    }

    /** Every resource the host uses at {@code at}. */
    public AllocatedResources use(String host, Instant at) {
        return new AllocatedResources(use(host, Metric.CPU, at), use(host, Metric.MEMORY, at), use(host, Metric.NETWORK, at),
                use(host, Metric.DISK, at));
    }

    private static double capacity(Capacity c, Metric metric) {
        return switch (metric) {
            case CPU -> c.cpuCores();
            case MEMORY -> c.memoryGib();
            case NETWORK -> c.networkGbps();
            case DISK -> c.diskMBps();
        };
    }
}
