package dev.headroom.plan;

import dev.headroom.domain.Policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A proposed maintenance plan: ordered batches with their hosts, surge reservations and workload
 * migrations, the hosts left out with the reason, and a reason for every decision.
 *
 * @param solver      what made it: {@code heuristic}, {@code cpsat}, or a baseline's name
 * @param hostReasons per planned host, why it is in its batch
 * @param notes       what the operator should know about the whole plan (assumptions, pre-existing shortfalls)
 */
public record Plan(String scenario, String solver, Policy policy, Instant start, Duration step, List<Batch> batches,
                   List<Unplanned> unplanned, Map<String, String> hostReasons, Summary summary, List<String> notes) {
    public Plan {
        batches = List.copyOf(batches);
        unplanned = List.copyOf(unplanned);
        hostReasons = Collections.unmodifiableMap(new LinkedHashMap<>(hostReasons));
        notes = List.copyOf(notes);
    }

    /**
     * One batch: its hosts are out of service from {@code startStep} (inclusive) to {@code endStep}
     * (exclusive), in planning steps from the plan's start.
     *
     * @param binding the constraint that stopped the batch from growing, in operator words
     */
    public record Batch(int index, int startStep, int endStep, List<String> hosts, List<Reservation> reservations,
                        List<Migration> migrations, String binding) {
        public Batch {
            hosts = List.copyOf(hosts);
            reservations = List.copyOf(reservations);
            migrations = List.copyOf(migrations);
            if (endStep <= startStep) {
                throw new IllegalArgumentException("batch " + index + " ends before it starts");
            }
        }

        public double surgeCostUsd() {
            return reservations.stream().mapToDouble(Reservation::costUsd).sum();
        }
    }

    /**
     * Surge capacity held for a batch, from before the batch starts until the stabilisation
     * period after it has ended.
     *
     * @param coresEach cores one instance adds to the service
     */
    public record Reservation(String service, String region, String instanceType, int count, boolean spot,
                              int fromStep, int toStep, double coresEach, double costUsd) {
        public double cores() {
            return count * coresEach;
        }
    }

    /** A workload moved off a shared host for the time its host is out. */
    public record Migration(String service, String fromHost, String toHost) {
    }

    public record Unplanned(String host, String reason) {
    }

    /**
     * @param makespanMinutes     from the window's start to the end of the last batch
     * @param minHeadroomFraction smallest spare fraction of in-service capacity plus surge, over
     *                            every service and step of the plan, against the forecast quantile
     * @param predictedViolations service-steps where a batch breaks the capacity rule on the forecast
     * @param optimalityGap       proven relative gap to the best possible objective; empty when not proven
     * @param risk                expected criticality-weighted failures (Σ criticality × failure rate) plus spot exposure
     * @param energyKwh           energy of the surge instances, at {@link PlanCheck#WATTS_PER_CORE} per core
     * @param windowFits          every candidate host is planned inside the window
     */
    public record Summary(long makespanMinutes, double surgeCostUsd, double minHeadroomFraction,
                          int predictedViolations, Optional<Double> optimalityGap, double risk, double energyKwh,
                          boolean windowFits, double objective) {
    }

    public Instant time(int stepIndex) {
        return start.plus(step.multipliedBy(stepIndex));
    }

    public int plannedHosts() {
        return batches.stream().mapToInt(b -> b.hosts().size()).sum();
    }

    public boolean feasible() {
        return unplanned.isEmpty() && summary.predictedViolations() == 0;
    }

    /** The same plan under another scenario name. */
    public Plan withScenario(String name) {
        return new Plan(name, solver, policy, start, step, batches, unplanned, hostReasons, summary, notes);
    }

    public Plan withSummary(Summary newSummary) {
        return new Plan(scenario, solver, policy, start, step, batches, unplanned, hostReasons, newSummary, notes);
    }
}
