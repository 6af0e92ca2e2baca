package dev.headroom.rollout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A change of a rollout's plan of steps, committed in one transaction with its audit record: a
 * split batch, a deferral, a batch rollback, a host left out, an abort's compensation. Inserted
 * steps move the later ones down, so the journal's order stays the order steps run.
 *
 * @param finish      the step in flight that ends with this change (state and result), if any
 * @param skip        pending steps that become skipped, by seq, with the reason
 * @param arguments   pending steps whose argument changes, by seq
 * @param inserts     new pending steps, each group after a seq of the journal as it stands; the
 *                    journal numbers them
 * @param alerts      raised with the change
 * @param status      the rollout's new status and detail, if it changes
 * @param clearRequest        the operator request this change carries out is cleared
 * @param compensationPlanned this change is an abort's compensation: the abort is planned once only,
 *                            whatever state the steps it leaves behind are in
 */
public record Replan(Optional<Finish> finish, Map<Integer, String> skip, Map<Integer, String> arguments,
                     List<Insertion> inserts, List<Alert> alerts,
                     Optional<StatusChange> status, boolean clearRequest, boolean compensationPlanned) {

    public record Finish(int seq, StepState state, String result) {
    }

    /** Steps that go right after step {@code after} (a seq before this change). */
    public record Insertion(int after, List<RolloutStep> steps) {
    }

    public record StatusChange(RolloutStatus status, String detail) {
    }

    /** An alert with its once-only topic (null: always raised). */
    public record Alert(RolloutAlert alert, String topic) {
    }

    /** Builds a replan step by step. */
    public static final class Builder {
        private Finish finish;
        private final Map<Integer, String> skip = new LinkedHashMap<>();
        private final Map<Integer, String> arguments = new LinkedHashMap<>();
        private final Map<Integer, List<RolloutStep>> inserts = new java.util.TreeMap<>();
        private final List<Alert> alerts = new ArrayList<>();
        private StatusChange status;
        private boolean clearRequest;
        private boolean compensationPlanned;

        public Builder() {
        }

        public Builder finish(int seq, StepState state, String result) {
            finish = new Finish(seq, state, result);
            return this;
        }

        public Builder skip(int seq, String reason) {
            skip.putIfAbsent(seq, reason);
            return this;
        }

        public Builder argument(int seq, String argument) {
            arguments.put(seq, argument);
            return this;
        }

        /** Adds {@code step} after seq {@code after} and after the steps already added there. */
        public Builder insert(int after, RolloutStep step) {
            inserts.computeIfAbsent(after, k -> new ArrayList<>()).add(step);
            return this;
        }

        public Builder alert(RolloutAlert alert, String topic) {
            alerts.add(new Alert(alert, topic));
            return this;
        }

        public Builder status(RolloutStatus s, String detail) {
            status = new StatusChange(s, detail);
            return this;
        }

        public Builder clearRequest() {
            clearRequest = true;
            return this;
        }

        public Builder compensationPlanned() {
            compensationPlanned = true;
            return this;
        }

        public int added() {
            return inserts.values().stream().mapToInt(List::size).sum();
        }

        public Replan build() {
            List<Insertion> list = new ArrayList<>();
            inserts.forEach((after, steps) -> list.add(new Insertion(after, List.copyOf(steps))));
            return new Replan(Optional.ofNullable(finish), Map.copyOf(skip), Map.copyOf(arguments), List.copyOf(list),
                    List.copyOf(alerts), Optional.ofNullable(status), clearRequest, compensationPlanned);
        }
    }
}
