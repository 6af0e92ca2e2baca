package dev.headroom.rollout;

import java.time.Instant;
import java.util.Optional;

/**
 * One journaled step of a rollout.
 *
 * @param seq            its place in the order steps run, from 1
 * @param batch          the plan batch it belongs to
 * @param subject        what it acts on: a host, a reservation, a batch
 * @param argument       what the step needs besides its subject (target version, reservation fields)
 * @param idempotencyKey rollout id, batch, kind and subject: the same for every attempt, so a re-issued
 *                       call is recognised by the provider and not applied twice
 * @param startedAt      when it was first committed as started
 */
public record RolloutStep(String rolloutId, int seq, int batch, StepKind kind, String subject, String argument,
                          String idempotencyKey, StepState state, int attempts, Optional<Instant> startedAt,
                          Optional<Instant> finishedAt, Optional<String> result) {

    public static String key(String rolloutId, int batch, StepKind kind, String subject) {
        return rolloutId + "/b" + batch + "/" + kind.label() + "/" + subject;
    }

    /** A new pending step. */
    public static RolloutStep pending(String rolloutId, int seq, int batch, StepKind kind, String subject,
                                      String argument) {
        return new RolloutStep(rolloutId, seq, batch, kind, subject, argument, key(rolloutId, batch, kind, subject),
                StepState.PENDING, 0, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public String describe() {
        return "step " + seq + " (batch " + batch + ", " + kind.label() + " " + subject + ")";
    }
}
