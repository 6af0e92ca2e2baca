package dev.headroom.plan.bench;

import dev.headroom.plan.Baselines;
import dev.headroom.plan.HeuristicPlanner;
import dev.headroom.plan.Plan;
import dev.headroom.plan.Planner;
import dev.headroom.plan.PlanningProblem;
import dev.headroom.plan.Replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plans one problem with Headroom's planners and the two baselines and replays every plan
 * against the same actual load: the replay table of {@code bench plan} and {@code simulate}.
 */
public final class ReplayBench {
    private ReplayBench() {
    }

    /** A replayed plan with the time its planner took. */
    public record Row(Replay.Result replay, int predictedViolations, double planMillis) {
    }

    public static List<Planner> planners(List<Planner> headroom) {
        List<Planner> all = new ArrayList<>(headroom);
        all.add(Baselines.rolling(0.25));
        all.add(Baselines.rollingInReleaseOrder(0.25));
        all.add(Baselines.seed001Greedy());
        return all;
    }

    public static List<Row> run(PlanningProblem problem, Map<String, double[]> actual, List<Planner> planners) {
        List<Row> rows = new ArrayList<>();
        for (Planner p : planners) {
            long t0 = System.nanoTime();
            Plan plan = p.plan(problem);
            double ms = (System.nanoTime() - t0) / 1e6;
            rows.add(new Row(Replay.run(problem, plan, actual), plan.summary().predictedViolations(), ms));
        }
        return rows;
    }

    public static List<Row> run(PlanningProblem problem, Map<String, double[]> actual) {
        return run(problem, actual, planners(List.of(new HeuristicPlanner())));
    }
}
