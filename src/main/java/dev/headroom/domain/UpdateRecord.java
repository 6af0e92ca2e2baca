package dev.headroom.domain;

import java.time.Duration;
import java.time.Instant;

/** One past update of one host: the history that update duration and impact are predicted from. */
public record UpdateRecord(String hostId, String service, String fromVersion, String toVersion, Instant started,
                           Instant finished, double peakCpu, UpdateOutcome outcome) {
    public UpdateRecord {
        Check.id("host_id", hostId);
        Check.id("service", service);
        Check.notBlank("from_version", fromVersion);
        Check.notBlank("to_version", toVersion);
        Check.notNull("started", started);
        Check.notNull("finished", finished);
        if (finished.isBefore(started)) {
            throw new DomainException("finished", finished + " is before started " + started);
        }
        if (!Double.isFinite(peakCpu) || peakCpu < 0 || peakCpu > 100) {
            throw new DomainException("peak_cpu", peakCpu + " must be a percentage between 0 and 100");
        }
        Check.notNull("outcome", outcome);
    }

    public Duration duration() {
        return Duration.between(started, finished);
    }
}
