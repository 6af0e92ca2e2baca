package dev.headroom.rollout;

import java.time.Duration;
import java.util.Optional;

/**
 * A host's answer to its version trigger.
 *
 * @param previousVersion the version it had before (applied), or has (deferred)
 * @param deferral        empty when the host applied the update; otherwise why it deferred, in
 *                        operator words (e.g. "CPU 2 cores allocated, 4 needed")
 * @param takes           when applied, how long the host says the update runs (fleet time) before
 *                        its health can be checked; the driver waits that long. Empty when the host
 *                        does not say (the update is done when the call returns)
 */
public record UpdateReply(String previousVersion, Optional<String> deferral, Optional<Duration> takes) {
    public UpdateReply(String previousVersion, Optional<String> deferral) {
        this(previousVersion, deferral, Optional.empty());
    }

    public static UpdateReply applied(String previousVersion) {
        return new UpdateReply(previousVersion, Optional.empty());
    }

    /** Applied, the update running for {@code takes} of fleet time. */
    public static UpdateReply applied(String previousVersion, Duration takes) {
        return new UpdateReply(previousVersion, Optional.empty(), Optional.of(takes));
    }

    public static UpdateReply deferred(String currentVersion, String reason) {
        return new UpdateReply(currentVersion, Optional.of(reason));
    }

    public boolean isDeferred() {
        return deferral.isPresent();
    }
}
