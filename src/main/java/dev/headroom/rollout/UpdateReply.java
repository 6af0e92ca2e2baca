package dev.headroom.rollout;

import java.util.Optional;

/**
 * A host's answer to its version trigger.
 *
 * @param previousVersion the version it had before (applied), or has (deferred)
 * @param deferral        empty when the host applied the update; otherwise why it deferred, in
 *                        operator words (e.g. "CPU 2 cores allocated, 4 needed")
 */
public record UpdateReply(String previousVersion, Optional<String> deferral) {
    public static UpdateReply applied(String previousVersion) {
        return new UpdateReply(previousVersion, Optional.empty());
    }

    public static UpdateReply deferred(String currentVersion, String reason) {
        return new UpdateReply(currentVersion, Optional.of(reason));
    }

    public boolean isDeferred() {
        return deferral.isPresent();
    }
}
