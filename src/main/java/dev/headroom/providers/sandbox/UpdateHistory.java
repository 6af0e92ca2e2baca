package dev.headroom.providers.sandbox;

import dev.headroom.domain.UpdateOutcome;
import dev.headroom.domain.UpdateRecord;
import dev.headroom.providers.sandbox.FleetLayout.Group;
import dev.headroom.providers.sandbox.FleetLayout.Slot;
import dev.headroom.providers.sandbox.SandboxCatalog.Profile;
import dev.headroom.providers.sandbox.SandboxCatalog.ServiceSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Past rollouts of every service over the two months before the history ends, host by host. The
 * hosts' current versions are what these rollouts left behind: a host whose update failed or was
 * rolled back stays on its old version, and the shipping service is caught mid-rollout.
 */
final class UpdateHistory {
    static final int ROLLOUTS_PER_SERVICE = 5;
    static final Duration SPAN = Duration.ofDays(60);

    /** How far apart two versions are; the bigger the step, the longer and riskier the update. */
    enum Change {
        PATCH(1.0, 12, 0.02), MINOR(1.8, 20, 0.05), MAJOR(3.2, 30, 0.10);

        final double durationFactor;
        final double cpuOverhead;
        final double failureRate;

        Change(double durationFactor, double cpuOverhead, double failureRate) {
            this.durationFactor = durationFactor;
            this.cpuOverhead = cpuOverhead;
            this.failureRate = failureRate;
        }

        static Change between(Version from, Version to) {
            return from.major != to.major ? MAJOR : from.minor != to.minor ? MINOR : PATCH;
        }
    }

    /** A three-part version, with the {@code v} prefix our own services use and third-party ones lack. */
    record Version(String prefix, int major, int minor, int patch) {
        static Version parse(String text) {
            String prefix = text.startsWith("v") ? "v" : "";
            String[] parts = text.substring(prefix.length()).split("\\.");
            return new Version(prefix, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                    Integer.parseInt(parts[2]));
        }

        /**
         * The version a release of the given kind was rolled out from, or null when the numbers
         * leave no such version. Releases in between may have been skipped (a minor can jump from
         * x.3.7 to x.4.2), but a major only lands early in its line, as it would in practice.
         */
        Version before(Change change, SplittableRandom random) {
            if (change == Change.MAJOR && major > 1 && minor <= 1) {
                return new Version(prefix, major - 1, 3 + random.nextInt(10), random.nextInt(8));
            }
            if (change != Change.PATCH && minor > 0) {
                return new Version(prefix, major, minor - 1, random.nextInt(10));
            }
            if (patch > 0) {
                return new Version(prefix, major, minor, patch - 1);
            }
            return minor > 0 ? new Version(prefix, major, minor - 1, random.nextInt(10)) : null;
        }

        @Override
        public String toString() {
            return prefix + major + "." + minor + "." + patch;
        }
    }

    /** The history, oldest first, and each host's version (indexed like the layout's slots). */
    record Result(List<UpdateRecord> records, List<String> hostVersions) {
    }

    private UpdateHistory() {
    }

    static Result generate(FleetLayout layout, SandboxConfig config, SplittableRandom random) {
        String[] versions = new String[layout.slots.size()];
        List<UpdateRecord> records = new ArrayList<>();
        Instant spanStart = config.historyEnd().minus(SPAN);
        for (ServiceSpec service : SandboxCatalog.SERVICES) {
            List<Version> chain = versionChain(service, random);
            List<Group> groups = layout.groups.stream().filter(g -> g.service() == service).toList();
            for (Group g : groups) {
                for (int host : g.hosts()) {
                    versions[host] = chain.get(0).toString();
                }
            }
            int first = ROLLOUTS_PER_SERVICE + 1 - chain.size();
            for (int k = 1; k < chain.size(); k++) {
                Instant start = spanStart.plus(Duration.ofDays(11L * (first + k - 1)))
                        .plus(Duration.ofMinutes(random.nextInt(4 * 24 * 60)));
                List<Group> covered = groups;
                boolean inProgress = service.name().equals(SandboxCatalog.SHIPPING) && k == chain.size() - 1;
                if (inProgress) {
                    // Caught mid-rollout: it started the evening before and has not reached the last region.
                    start = config.historyEnd().minus(Duration.ofHours(20));
                    covered = groups.size() > 1 ? groups.subList(0, groups.size() - 1) : groups.subList(0, 0);
                }
                roll(layout, service, covered, chain.get(k), start, versions, records, random);
            }
        }
        records.sort((a, b) -> a.started().compareTo(b.started()) != 0 ? a.started().compareTo(b.started())
                : a.hostId().compareTo(b.hostId()));
        return new Result(List.copyOf(records), List.of(versions));
    }

    /** Versions the service went through, oldest first, ending with its current version. */
    private static List<Version> versionChain(ServiceSpec service, SplittableRandom random) {
        List<Version> chain = new ArrayList<>();
        Version v = Version.parse(service.version());
        chain.add(v);
        for (int k = 0; k < ROLLOUTS_PER_SERVICE && v != null; k++) {
            double u = random.nextDouble();
            v = v.before(u < 0.55 ? Change.PATCH : u < 0.88 ? Change.MINOR : Change.MAJOR, random);
            if (v != null) {
                chain.add(0, v);
            }
        }
        return chain;
    }

    /**
     * One rollout, region by region: stateless services a quarter of a region's replicas at a time,
     * caches and databases one replica at a time, with a pause after each batch and a bake time
     * between regions.
     */
    private static void roll(FleetLayout layout, ServiceSpec service, List<Group> groups, Version target,
                             Instant start, String[] versions, List<UpdateRecord> records, SplittableRandom random) {
        boolean oneAtATime = service.profile() == Profile.CACHE || service.profile() == Profile.DATABASE;
        Instant batchStart = start;
        for (Group g : groups) {
            int batchSize = oneAtATime ? 1 : (g.hosts().size() + 3) / 4;
            for (int from = 0; from < g.hosts().size(); from += batchSize) {
                Instant batchEnd = batchStart;
                for (int host : g.hosts().subList(from, Math.min(g.hosts().size(), from + batchSize))) {
                    Slot slot = layout.slots.get(host);
                    UpdateRecord r = update(layout, slot, Version.parse(versions[host]), target,
                            batchStart.plusSeconds(random.nextInt(90)), random);
                    records.add(r);
                    if (r.outcome() == UpdateOutcome.SUCCEEDED) {
                        versions[host] = target.toString();
                    }
                    batchEnd = r.finished().isAfter(batchEnd) ? r.finished() : batchEnd;
                }
                batchStart = batchEnd.plus(Duration.ofMinutes(5));
            }
            batchStart = batchStart.plus(Duration.ofMinutes(30));
        }
    }

    private static UpdateRecord update(FleetLayout layout, Slot slot, Version from, Version to, Instant started,
                                       SplittableRandom random) {
        ServiceSpec s = slot.service();
        Change change = Change.between(from, to);
        double minutes = s.updateMinutes() * change.durationFactor * Math.exp(0.2 * random.nextGaussian());
        UpdateOutcome outcome = UpdateOutcome.SUCCEEDED;
        if (random.nextDouble() < change.failureRate) {
            // A failed update is abandoned part way; a rolled-back one also pays for the way back.
            outcome = random.nextBoolean() ? UpdateOutcome.FAILED : UpdateOutcome.ROLLED_BACK;
            minutes *= outcome == UpdateOutcome.FAILED ? 0.6 : 1.6;
        }
        double load = LoadShapes.demand(s.profile(), slot.region(), started.getEpochSecond()) * layout.pressure(slot);
        double peak = s.cpuIdle() + (s.cpuAtPeak() - s.cpuIdle()) * load + change.cpuOverhead
                + 3 * random.nextGaussian();
        peak = Math.round(Math.max(0, Math.min(100, peak)) * 100) / 100.0;
        Instant finished = started.plusSeconds(Math.round(minutes * 60));
        return new UpdateRecord(slot.id(), s.name(), from.toString(), to.toString(), started, finished, peak, outcome);
    }
}
