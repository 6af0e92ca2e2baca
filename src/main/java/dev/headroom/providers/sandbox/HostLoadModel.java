package dev.headroom.providers.sandbox;

import dev.headroom.domain.Metric;
import dev.headroom.domain.UpdateRecord;
import dev.headroom.providers.sandbox.FleetLayout.Group;
import dev.headroom.providers.sandbox.FleetLayout.Slot;
import dev.headroom.providers.sandbox.SandboxCatalog.Profile;
import dev.headroom.providers.sandbox.SandboxCatalog.ServiceSpec;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a replica group's demand into one host's four utilisation series. What a host adds to
 * its group's shape is its own: a share of the load, AR(1) noise on every metric, short bursts,
 * scrape misses, the incidents and updates that happened to it. Each host draws from its own
 * random stream, so hosts can be generated in any order or in parallel with the same result.
 */
final class HostLoadModel {
    /** Chance that one scrape of a host is lost, leaving a single missing sample. */
    private static final double SCRAPE_MISS = 0.0004;
    private static final double BURSTS_PER_DAY = 3;
    private static final int RESTART_SAMPLES = 2;

    /** First-order autoregressive noise: {@code phi} is how much of the last deviation survives a step. */
    private record Noise(double phi, double sigma) {
        double initial(SplittableRandom random) {
            return sigma / Math.sqrt(1 - phi * phi) * random.nextGaussian();
        }

        double next(double previous, SplittableRandom random) {
            return phi * previous + sigma * random.nextGaussian();
        }
    }

    private static final Noise CPU_NOISE = new Noise(0.85, 1.3);
    private static final Noise MEMORY_NOISE = new Noise(0.97, 0.25);
    private static final Noise NETWORK_NOISE = new Noise(0.80, 1.5);
    private static final Noise DISK_NOISE = new Noise(0.70, 0.7);

    private final SandboxConfig config;
    private final FleetLayout layout;
    private final double[][] demand;
    private final double[][] job;
    private final double[][] cacheFill;
    private final List<Incident> incidents;
    private final List<UpdateRecord> updates;
    private final int n;

    HostLoadModel(SandboxConfig config, FleetLayout layout, double[][] demand, List<Incident> incidents,
                  List<UpdateRecord> updates) {
        this.config = config;
        this.layout = layout;
        this.demand = demand;
        this.incidents = incidents;
        this.n = config.samples();
        long historyStart = config.historyStart().getEpochSecond();
        long historyEnd = config.historyEnd().getEpochSecond();
        this.updates = updates.stream()
                .filter(u -> u.started().getEpochSecond() < historyEnd && u.finished().getEpochSecond() >= historyStart)
                .toList();
        this.job = new double[layout.groups.size()][];
        this.cacheFill = new double[layout.groups.size()][];
        for (Group g : layout.groups) {
            job[g.index()] = jobIntensity(g);
            if (g.service().profile() == Profile.CACHE) {
                cacheFill[g.index()] = cacheFill(g);
            }
        }
    }

    /** The host's series as {@code [metric ordinal][sample]}, clamped to 0–100 and rounded to 0.01. */
    double[][] series(int host) {
        Slot slot = layout.slots.get(host);
        ServiceSpec s = slot.service();
        Profile profile = s.profile();
        SplittableRandom random = new SplittableRandom(mix(config.seed(), host));
        double pressure = layout.pressure(slot);
        double[] d = demand[slot.group()];
        double[] jobs = job[slot.group()];
        double[] fill = cacheFill[slot.group()];
        double burstChance = BURSTS_PER_DAY / config.samplesPerDay();

        double[][] out = new double[Metric.values().length][n];
        double[] cpu = out[Metric.CPU.ordinal()];
        double[] memory = out[Metric.MEMORY.ordinal()];
        double[] network = out[Metric.NETWORK.ordinal()];
        double[] disk = out[Metric.DISK.ordinal()];
        double cpuNoise = CPU_NOISE.initial(random);
        double memoryNoise = MEMORY_NOISE.initial(random);
        double networkNoise = NETWORK_NOISE.initial(random);
        double diskNoise = DISK_NOISE.initial(random);
        int burstLeft = 0;
        double burst = 0;
        for (int t = 0; t < n; t++) {
            cpuNoise = CPU_NOISE.next(cpuNoise, random);
            memoryNoise = MEMORY_NOISE.next(memoryNoise, random);
            networkNoise = NETWORK_NOISE.next(networkNoise, random);
            diskNoise = DISK_NOISE.next(diskNoise, random);
            if (burstLeft == 0 && random.nextDouble() < burstChance) {
                burstLeft = 1 + random.nextInt(6);
                burst = 8 + 17 * random.nextDouble();
            }
            double spike = burstLeft > 0 ? burst : 0;
            burstLeft = Math.max(0, burstLeft - 1);

            double load = d[t] * pressure;
            double j = jobs[t];
            cpu[t] = s.cpuIdle() + (s.cpuAtPeak() - s.cpuIdle()) * load + cpuNoise + spike;
            switch (profile) {
                case WEB -> {
                    memory[t] = s.memoryBase() + 8 * load;
                    network[t] = 4 + 55 * load;
                    disk[t] = 4 + 4 * load;
                }
                case API -> {
                    memory[t] = s.memoryBase() + 6 * load;
                    network[t] = 3 + 35 * load;
                    disk[t] = 3 + 3 * load;
                }
                case WORKER -> {
                    cpu[t] += 25 * j;
                    memory[t] = s.memoryBase() + 12 * load + 10 * j;
                    network[t] = 2 + 18 * load + 15 * j;
                    disk[t] = 4 + 10 * load + 30 * j;
                }
                case CACHE -> {
                    memory[t] = s.memoryBase() + 45 * fill[t] * pressure;
                    network[t] = 5 + 45 * load;
                    disk[t] = 2.5 + 2 * load;
                }
                case DATABASE -> {
                    cpu[t] += 15 * j;
                    memory[t] = s.memoryBase() + 3 * load;
                    network[t] = 4 + 30 * load + 20 * j;
                    disk[t] = 12 + 35 * load + 45 * j;
                }
            }
            memory[t] += memoryNoise;
            network[t] += networkNoise + 0.8 * spike;
            disk[t] += diskNoise;
        }

        for (UpdateRecord u : updates) {
            if (u.hostId().equals(slot.id())) {
                applyUpdate(cpu, u);
            }
        }
        for (Incident incident : incidents) {
            if (incident.host() == host) {
                apply(incident, out, s, random);
            }
        }
        for (int t = 0; t < n; t++) {
            boolean missed = random.nextDouble() < SCRAPE_MISS;
            for (double[] values : out) {
                values[t] = missed ? Double.NaN : monitoringPrecision(values[t]);
            }
        }
        return out;
    }

    /** The update's cpu cost: near its recorded peak in the middle, a little less at the edges. */
    private void applyUpdate(double[] cpu, UpdateRecord u) {
        long start = config.historyStart().getEpochSecond();
        long step = config.step().toSeconds();
        int a = (int) Math.floorDiv(u.started().getEpochSecond() - start, step);
        int b = (int) Math.floorDiv(u.finished().getEpochSecond() - start, step);
        for (int t = Math.max(0, a); t <= Math.min(n - 1, b); t++) {
            double position = b == a ? 0.5 : (double) (t - a) / (b - a);
            double shape = 1 - 2 * Math.abs(position - 0.5);
            cpu[t] = Math.max(cpu[t], u.peakCpu() * (0.85 + 0.15 * shape));
        }
    }

    private void apply(Incident incident, double[][] out, ServiceSpec s, SplittableRandom random) {
        double[] cpu = out[Metric.CPU.ordinal()];
        double[] memory = out[Metric.MEMORY.ordinal()];
        int end = Math.min(n, incident.end());
        switch (incident.kind()) {
            case HOST_FAILURE -> {
                for (double[] values : out) {
                    Arrays.fill(values, incident.start(), end, Double.NaN);
                }
            }
            case RUNAWAY_CPU -> {
                for (int t = incident.start(); t < end; t++) {
                    cpu[t] = 96 + 3.5 * random.nextDouble();
                    memory[t] += 4;
                }
            }
            case MEMORY_LEAK -> {
                // The leak grows until the process nearly exhausts memory; the restart wipes it.
                double headroom = 93 - s.memoryBase();
                for (int t = incident.start(); t < end; t++) {
                    double progress = (double) (t - incident.start()) / incident.length();
                    memory[t] += headroom * progress;
                    cpu[t] += 8 * progress;
                }
                for (double[] values : out) {
                    Arrays.fill(values, end, Math.min(n, end + RESTART_SAMPLES), Double.NaN);
                }
            }
        }
    }

    /** The service's own scheduled job per sample, 0 where it has none. */
    private double[] jobIntensity(Group g) {
        double[] j = new double[n];
        long start = config.historyStart().getEpochSecond();
        long step = config.step().toSeconds();
        for (int t = 0; t < n; t++) {
            j[t] = LoadShapes.job(g.service().profile(), g.region(), start + t * step);
        }
        return j;
    }

    /**
     * How full the cache is, in days' worth of an average day's carts: it fills with the traffic
     * and drops to empty in the nightly purge. A day before the history is replayed first so the
     * first samples start part full rather than empty.
     */
    private double[] cacheFill(Group g) {
        double[] d = demand[g.index()];
        double daySum = SandboxFleetGenerator.mean(d) * config.samplesPerDay();
        long start = config.historyStart().getEpochSecond();
        long step = config.step().toSeconds();
        double level = 0;
        for (int t = -config.samplesPerDay(); t < 0; t++) {
            long at = start + t * step;
            level = LoadShapes.cachePurge(g.region(), at) ? 0
                    : level + LoadShapes.demand(g.service().profile(), g.region(), at) / daySum;
        }
        double[] fill = new double[n];
        for (int t = 0; t < n; t++) {
            level = LoadShapes.cachePurge(g.region(), start + t * step) ? 0 : level + d[t] / daySum;
            fill[t] = level;
        }
        return fill;
    }

    private static double monitoringPrecision(double value) {
        if (Double.isNaN(value)) {
            return value;
        }
        return Math.round(Math.max(0, Math.min(100, value)) * 100) / 100.0;
    }

    /** SplitMix64's finaliser: spreads (seed, host) pairs into unrelated stream seeds. */
    static long mix(long seed, long salt) {
        long z = seed + (salt + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
