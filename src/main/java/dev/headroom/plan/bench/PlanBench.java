package dev.headroom.plan.bench;

import dev.headroom.plan.CpSatPlanner;
import dev.headroom.plan.HeuristicPlanner;
import dev.headroom.plan.Plan;
import dev.headroom.plan.PlanningProblem;

import java.io.PrintStream;
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
 * java -cp "target/headroom.jar:target/lib/*" dev.headroom.plan.bench.PlanBench [hosts-heuristic] [hosts-cpsat] [seconds] [seed]
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

    public static void main(String[] args) {
        int heuristicHosts = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int solverHosts = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Duration limit = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 10);
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "%-22s %-9s %7s %10s %10s %8s %8s %9s %10s %8s %6s%n", "fleet", "planner", "hosts",
                "p50 ms", "p95 ms", "batches", "window", "surge $", "objective", "gap", "viol.");
        for (int hosts : new int[] {heuristicHosts, solverHosts}) {
            PlanningProblem problem = SyntheticFleet.problem(hosts, seed);
            Times t = heuristic(problem, 5, 20);
            row(out, problem, "heuristic", t.plan(), t.p50Millis(), t.p95Millis());
        }
        PlanningProblem problem = SyntheticFleet.problem(solverHosts, seed);
        long n0 = System.nanoTime();
        CpSatPlanner.loadNatives();
        double nativesMillis = (System.nanoTime() - n0) / 1e6;
        Result r = solve(problem, limit);
        double ms = r.elapsed().toNanos() / 1e6;
        row(out, problem, "cpsat", r.plan(), ms, ms);
        r.plan().notes().stream().filter(n -> n.startsWith("Constraint solver")).forEach(n -> out.println("  " + n));
        out.printf(Locale.ROOT, "  cpsat time limit %d s; OR-Tools natives loaded once before timing in %.0f ms; "
                + "heuristic plan of the same fleet: objective %.2f, window %d min%n", limit.toSeconds(), nativesMillis,
                r.heuristic().summary().objective(), r.heuristic().summary().makespanMinutes());
    }

    private static void row(PrintStream out, PlanningProblem problem, String planner, Plan plan, double p50,
                            double p95) {
        Plan.Summary s = plan.summary();
        out.printf(Locale.ROOT, "%-22s %-9s %7d %10.1f %10.1f %8d %6d m %9.2f %10.2f %8s %6d%n", problem.scenario(),
                planner, problem.hosts().size(), p50, p95, plan.batches().size(), s.makespanMinutes(),
                s.surgeCostUsd(), s.objective(),
                s.optimalityGap().map(g -> String.format(Locale.ROOT, "%.2f %%", 100 * g)).orElse("-"),
                s.predictedViolations());
    }
}
