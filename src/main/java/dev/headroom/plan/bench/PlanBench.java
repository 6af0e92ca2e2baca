package dev.headroom.plan.bench;

import dev.headroom.plan.CpSatPlanner;
import dev.headroom.plan.HeuristicPlanner;
import dev.headroom.domain.Objective;
import dev.headroom.plan.Plan;
import dev.headroom.plan.PlanHost;
import dev.headroom.plan.PlanningProblem;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Plan-time and optimality figures on generated fleets ({@link SyntheticFleet}): the heuristic's
 * re-plan time (p50/p95 over repeated runs after warm-up) and the constraint solver's gap within a
 * time limit. The static methods are what a CLI command calls; {@link #main} prints the table.
 *
 * <pre>
 * mvn -q -B package -DskipTests
 * java -cp "target/headroom.jar:target/lib/*" dev.headroom.plan.bench.PlanBench [hosts-heuristic] [hosts-cpsat] [seconds] [seeds...]
 * </pre>
 */
public final class PlanBench {
    private PlanBench() {
    }

    /**
     * One constraint-solver run.
     *
     * @param elapsed wall time of the whole run, heuristic start included
     * @param heuristic the heuristic plan of the same problem, for comparison
     */
    public record Result(Plan plan, Plan heuristic, Duration elapsed) {
        public Optional<Double> gap() {
            return plan.summary().optimalityGap();
        }
    }

    /** Times of repeated heuristic runs, in milliseconds. */
    public record Times(int runs, double p50Millis, double p95Millis, double maxMillis, Plan plan) {
    }

    /**
     * Plans {@code problem} with the constraint solver within {@code limit}. The solver's native
     * library is loaded before the clock starts (once per process, about a second), as a console
     * does at start-up.
     */
    public static Result solve(PlanningProblem problem, Duration limit) {
        CpSatPlanner.loadNatives();
        Plan heuristic = new HeuristicPlanner().plan(problem);
        long t0 = System.nanoTime();
        Plan plan = new CpSatPlanner(limit).plan(problem);
        return new Result(plan, heuristic, Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Heuristic plan time: {@code warmup} untimed runs, then {@code runs} timed ones. */
    public static Times heuristic(PlanningProblem problem, int warmup, int runs) {
        HeuristicPlanner planner = new HeuristicPlanner();
        Plan plan = null;
        for (int i = 0; i < warmup; i++) {
            plan = planner.plan(problem);
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            plan = planner.plan(problem);
            millis[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(millis);
        return new Times(runs, quantile(millis, 0.5), quantile(millis, 0.95), millis[runs - 1], plan);
    }

    /** The nearest-rank quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /**
     * Share of the objective a plan can still change that the gap allows: the gap measured without
     * the risk of updating every planned host, which every such plan pays.
     */
    public static Optional<Double> changeableGap(PlanningProblem problem, Plan plan) {
        double fixed = 0;
        for (Plan.Batch b : plan.batches()) {
            for (String id : b.hosts()) {
                PlanHost h = problem.hosts().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
                fixed += h.criticality().score() * h.failureRate() * problem.policy().objective().perRisk();
            }
        }
        double value = plan.summary().objective();
        double f = fixed;
        return plan.summary().optimalityGap().filter(g -> value - f > 1e-9)
                .map(g -> g * value / (value - f));
    }

    public static void main(String[] args) {
        int heuristicHosts = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int solverHosts = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Duration limit = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 10);
        long[] seeds = args.length > 3 ? Arrays.stream(args).skip(3).mapToLong(Long::parseLong).toArray()
                : new long[] {1, 2, 3};
        PrintWriter out = new PrintWriter(System.out, true);
        run(out, heuristicHosts, solverHosts, limit, seeds);
    }

    /**
     * Prints plan time and optimality: the heuristic on a generated fleet of {@code heuristicHosts}
     * (p50/p95 of 20 runs after 5 warm-ups), and on fleets of {@code solverHosts} per seed the
     * heuristic and CP-SAT within {@code limit}.
     */
    public static void run(PrintWriter out, int heuristicHosts, int solverHosts, Duration limit, long[] seeds) {
        out.printf(Locale.ROOT, "%-22s %-9s %7s %10s %10s %8s %8s %9s %10s %8s %8s %6s%n", "fleet", "planner", "hosts",
                "p50 ms", "p95 ms", "batches", "window", "surge $", "objective", "gap", "gap*", "viol.");
        PlanningProblem big = SyntheticFleet.problem(heuristicHosts, seeds[0]);
        Times t = heuristic(big, 5, 20);
        row(out, big, "heuristic", t.plan(), t.p50Millis(), t.p95Millis());
        long n0 = System.nanoTime();
        CpSatPlanner.loadNatives();
        double nativesMillis = (System.nanoTime() - n0) / 1e6;
        for (long seed : seeds) {
            PlanningProblem problem = SyntheticFleet.problem(solverHosts, seed);
            Times h = heuristic(problem, 5, 20);
            row(out, problem, "heuristic", h.plan(), h.p50Millis(), h.p95Millis());
            Result r = solve(problem, limit);
            double ms = r.elapsed().toNanos() / 1e6;
            row(out, problem, "cpsat", r.plan(), ms, ms);
        }
        out.printf(Locale.ROOT, "cpsat: time limit %d s, one run per fleet (p50 = p95 = its wall time); OR-Tools natives "
                + "loaded once before timing in %.0f ms. gap = (objective - proven lower bound) / objective; gap* = the "
                + "same without the risk every plan that updates every host pays.%n", limit.toSeconds(), nativesMillis);
        out.flush();
    }

    private static void row(PrintWriter out, PlanningProblem problem, String planner, Plan plan, double p50,
                            double p95) {
        Plan.Summary s = plan.summary();
        out.printf(Locale.ROOT, "%-22s %-9s %7d %10.1f %10.1f %8d %6d m %9.2f %10.2f %8s %8s %6d%n",
                problem.scenario(), planner, problem.hosts().size(), p50, p95, plan.batches().size(),
                s.makespanMinutes(), s.surgeCostUsd(), s.objective(),
                s.optimalityGap().map(g -> String.format(Locale.ROOT, "%.2f %%", 100 * g)).orElse("-"),
                changeableGap(problem, plan).map(g -> String.format(Locale.ROOT, "%.1f %%", 100 * g)).orElse("-"),
                s.predictedViolations());
    }
}
