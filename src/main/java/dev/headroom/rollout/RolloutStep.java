package dev.headroom.rollout;

import java.time.Instant;
import java.util.Optional;

/**
 * One journaled step of a rollout.
 *
 * @param seq            its place in the order steps run, from 1
 * @param batch          the plan batch it belongs to
 * @param part           0 for the batch as planned; 1, 2… for a part split off after a partial
 *                       reservation or queued again after a rollback or deferral
 * @param subject        what it acts on: a host, a reservation, a batch
 * @param argument       what the step needs besides its subject (target version, reservation fields)
 * @param idempotencyKey rollout id, batch (and part), kind and subject: the same for every attempt, so
 *                       a re-issued call is recognised by the provider and not applied twice
 * @param startedAt      when it was first committed as started
 * @param result         the provider's answer (done), the reason (failed, skipped)
 */
public record RolloutStep(String rolloutId, int seq, int batch, int part, StepKind kind, String subject,
                          String argument, String idempotencyKey, StepState state, int attempts,
                          Optional<Instant> startedAt, Optional<Instant> finishedAt, Optional<String> result) {

    /** A step of part 0, as stored before schema 8. */
    public RolloutStep(String rolloutId, int seq, int batch, StepKind kind, String subject, String argument,
                       String idempotencyKey, StepState state, int attempts, Optional<Instant> startedAt,
                       Optional<Instant> finishedAt, Optional<String> result) {
        this(rolloutId, seq, batch, 0, kind, subject, argument, idempotencyKey, state, attempts, startedAt,
                finishedAt, result);
    }

    public static String key(String rolloutId, int batch, StepKind kind, String subject) {
        return key(rolloutId, batch, 0, kind, subject);
    }

    /** {@code r3/b2/update/web-14}; a later part: {@code r3/b2.1/update/web-14}. */
    public static String key(String rolloutId, int batch, int part, StepKind kind, String subject) {
        return rolloutId + "/b" + batch + (part == 0 ? "" : "." + part) + "/" + kind.label() + "/" + subject;
    }

    /** A new pending step. */
    public static RolloutStep pending(String rolloutId, int seq, int batch, StepKind kind, String subject,
                                      String argument) {
        return pending(rolloutId, seq, batch, 0, kind, subject, argument);
    }

    public static RolloutStep pending(String rolloutId, int seq, int batch, int part, StepKind kind, String subject,
                                      String argument) {
        return new RolloutStep(rolloutId, seq, batch, part, kind, subject, argument,
                key(rolloutId, batch, part, kind, subject), StepState.PENDING, 0, Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** The same step at another place in the order. */
    public RolloutStep at(int newSeq) {
        return new RolloutStep(rolloutId, newSeq, batch, part, kind, subject, argument, idempotencyKey, state,
                attempts, startedAt, finishedAt, result);
    }

    /** "2" for part 0, "2.1" for part 1. */
    public String batchLabel() {
        return part == 0 ? Integer.toString(batch) : batch + "." + part;
    }

    public String describe() {
        return "step " + seq + " (batch " + batchLabel() + ", " + kind.label() + " " + subject + ")";
    }

    /**
     * For a done update: how long its host said the update runs, in minutes of fleet time, as the
     * driver recorded it in the step's result; empty when the host did not say.
     */
    public Optional<Double> reportedUpdateMinutes() {
        if (kind != StepKind.UPDATE) {
            return Optional.empty();
        }
        java.util.regex.Matcher m = TAKES.matcher(result.orElse(""));
        return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
    }

    /** The words {@link #reportedUpdateMinutes} reads back. */
    public static String takesText(double minutes) {
        return "the update takes " + String.format(java.util.Locale.ROOT, "%.1f", minutes) + " min";
    }

    private static final java.util.regex.Pattern TAKES = java.util.regex.Pattern.compile(
            "the update takes ([0-9]+(?:\\.[0-9]+)?) min");
}
