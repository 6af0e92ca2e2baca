package dev.headroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headroom.domain.HeadroomException;
import dev.headroom.forecast.AutoForecaster;
import dev.headroom.forecast.CalibratedForecaster;
import dev.headroom.forecast.ForecastModel;
import dev.headroom.forecast.ForecastModels;
import dev.headroom.forecast.models.GlobalForecaster;
import dev.headroom.forecast.Forecaster;
import dev.headroom.forecast.History;
import dev.headroom.forecast.IntervalCalibrator;
import dev.headroom.forecast.IntervalLevels;
import dev.headroom.forecast.bench.ForecastBenchmark;
import dev.headroom.forecast.bench.ForecastBenchmark.ModelScore;
import dev.headroom.forecast.bench.Throughput;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Benchmarks of the engine's parts; they need no data directory. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the engine's parts on reference data.",
        subcommands = {BenchCommand.ForecastBench.class, GraphBenchCommand.class, PlanBenchCommand.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.ParentCommand
    HeadroomCli parent;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "forecast", mixinStandardHelpOptions = true,
            description = {"Score the forecast models on traces (FORECAST_PROTOCOL.md: three rolling origins per "
                    + "series, 21-day training cap, MASE, sMAPE, interval coverage, MSIS, time per fit),",
                "or measure fleet-scale throughput of the automatic choice on generated series."},
            footer = {"", "Without --models every registered model and auto are scored; snaive, the reference, always is."})
    static final class ForecastBench implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ArgGroup(multiplicity = "1")
        Mode mode;

        static final class Mode {
            @Option(names = "--data", paramLabel = "DIR", required = true,
                    description = "Traces directory: series.csv (series_id,timestamp,value) and optional metadata.csv "
                            + "(series_id,source,…) for per-source scores.")
            Path data;

            @Option(names = "--throughput", required = true,
                    description = "Forecast generated five-minute series one day ahead with auto on all cores.")
            boolean throughput;
        }

        @Option(names = "--format", defaultValue = "table", description = "table, json or csv (default: ${DEFAULT-VALUE}).")
        OutputFormat format;

        @Option(names = "--models", split = ",", paramLabel = "NAME",
                description = "Models to score, comma-separated (default: every model and auto).")
        List<String> models;

        @Option(names = "--threads", paramLabel = "N", description = "Threads (default: 1 for the protocol, whose "
                + "seconds per fit are single-thread wall time, so that they compare with the peer results; "
                + "all cores for --throughput).")
        Integer threads;

        @Option(names = "--series", paramLabel = "N", defaultValue = "10000",
                description = "With --throughput: number of series (default: ${DEFAULT-VALUE}).")
        int series;

        @Option(names = "--days", paramLabel = "N", defaultValue = "14",
                description = "With --throughput: days of history per series (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = LevelsOption.NAME, paramLabel = "INNER,OUTER",
                description = LevelsOption.DESCRIPTION + " Coverage is measured against these levels; MSIS is of "
                        + "the outer interval.")
        String levels;

        @Override
        public Integer call() {
            // fits running side by side share caches and memory bandwidth, which inflates each one's wall time
            int workers = threads != null ? threads : mode.throughput ? Runtime.getRuntime().availableProcessors() : 1;
            if (workers < 1) {
                throw new HeadroomException("--threads must be at least 1, not " + workers + ".");
            }
            IntervalLevels chosen = LevelsOption.parse(levels);
            PrintWriter out = spec.commandLine().getOut();
            if (mode.throughput) {
                throughput(out, workers, chosen);
            } else {
                scores(out, workers, chosen);
            }
            out.flush();
            return HeadroomCli.OK;
        }

        private void throughput(PrintWriter out, int workers, IntervalLevels chosen) {
            if (series < 1 || days < 1) {
                throw new HeadroomException("--series and --days must be at least 1.");
            }
            Throughput.Result r = Throughput.run(AutoForecaster.create(), series, days, workers, 1, chosen);
            switch (format) {
                case json -> {
                    ObjectNode root = Json.object();
                    root.put("series", r.series());
                    root.put("days", r.days());
                    root.put("threads", r.threads());
                    root.put("seconds", r.seconds());
                    root.put("prepare_seconds", r.prepareSeconds());
                    root.put("forecast_seconds", r.forecastSeconds());
                    root.put("series_per_second", r.seriesPerSecond());
                    root.put("failures", r.failures());
                    Json.print(out, root);
                }
                case csv -> {
                    Table t = new Table(List.of("SERIES", "DAYS", "THREADS", "SECONDS", "PREPARE_SECONDS",
                            "FORECAST_SECONDS", "SERIES_PER_SECOND", "FAILURES"));
                    t.add(List.of(String.valueOf(r.series()), String.valueOf(r.days()), String.valueOf(r.threads()),
                            Numbers.fixed(r.seconds(), 3), Numbers.fixed(r.prepareSeconds(), 3),
                            Numbers.fixed(r.forecastSeconds(), 3),
                            Numbers.fixed(r.seriesPerSecond(), 1), String.valueOf(r.failures())));
                    t.printCsv(out);
                }
                case table -> out.printf("%d series x %d days at 5 min, forecast 24 h ahead with auto on %d threads: "
                                + "%s s (%s series/s; training across series %s s, forecasting %s s, generating the rest); "
                                + "%d failed%n",
                        r.series(), r.days(), r.threads(), Numbers.fixed(r.seconds(), 2),
                        Numbers.fixed(r.seriesPerSecond(), 0), Numbers.fixed(r.prepareSeconds(), 2),
                        Numbers.fixed(r.forecastSeconds(), 2), r.failures());
                default -> throw new IllegalStateException(format.name());
            }
        }

        private void scores(PrintWriter out, int workers, IntervalLevels chosen) {
            Path seriesCsv = mode.data.resolve("series.csv");
            if (!Files.isRegularFile(seriesCsv)) {
                throw new HeadroomException("No series.csv in " + mode.data + ". Point --data at a traces directory "
                        + "with series.csv (series_id,timestamp,value).");
            }
            List<Forecaster> forecasters = forecasters(models);
            List<History> histories = ForecastBenchmark.readSeries(seriesCsv);
            if (histories.isEmpty()) {
                throw new HeadroomException(seriesCsv + " holds no series.");
            }
            Map<String, String> sources = sources(mode.data.resolve("metadata.csv"));
            Map<String, List<ForecastBenchmark.SeriesScore>> scores =
                    new ForecastBenchmark(workers, chosen).run(histories, forecasters);
            Map<String, List<ModelScore>> scopes = ForecastBenchmark.scopes(scores, sources);
            switch (format) {
                case json -> Json.print(out, json(histories.size(), scopes, chosen));
                case csv -> table(scopes, chosen).printCsv(out);
                case table -> {
                    out.printf("%d series; relative MASE is the geometric mean of MASE / MASE(snaive).%n",
                            histories.size());
                    if (!chosen.isDefault()) {
                        out.printf("Intervals at %s %% and %s %%: COVERAGE%s and COVERAGE%s are measured against "
                                + "these levels, MSIS is of the %s %% interval.%n", chosen.innerPercent(),
                                chosen.outerPercent(), chosen.innerPercent(), chosen.outerPercent(),
                                chosen.outerPercent());
                    }
                    out.println();
                    table(scopes, chosen).printAligned(out);
                }
                default -> throw new IllegalStateException(format.name());
            }
        }

        private static Map<String, String> sources(Path metadata) {
            if (!Files.isRegularFile(metadata)) {
                return Map.of();
            }
            try {
                return ForecastBenchmark.readSources(metadata);
            } catch (IOException | IllegalArgumentException e) {
                throw new HeadroomException("Could not read " + metadata + ": " + e.getMessage()
                        + ". Fix the file or remove it to score without per-source scopes.", e);
            }
        }

        /** The named models (all when none are named), each a calibrated single model, or auto. */
        static List<Forecaster> forecasters(List<String> names) {
            Map<String, Forecaster> known = new LinkedHashMap<>();
            for (ForecastModel m : ForecastModels.families()) {
                known.put(m.name(), new CalibratedForecaster(m, new IntervalCalibrator()));
            }
            Forecaster global = GlobalForecaster.create();
            known.put(global.name(), global);
            known.put("auto", AutoForecaster.create());
            if (names == null || names.isEmpty()) {
                return new ArrayList<>(known.values());
            }
            List<Forecaster> out = new ArrayList<>();
            for (String name : names) {
                Forecaster f = known.get(name.trim());
                if (f == null) {
                    throw new HeadroomException("Unknown model \"" + name.trim() + "\". Known models: "
                            + String.join(", ", known.keySet()) + ".");
                }
                if (!out.contains(f)) {
                    out.add(f);
                }
            }
            return out;
        }

        /**
         * The scores as JSON. At the protocol's levels the coverages are {@code coverage80} and
         * {@code coverage95}, the fields the protocol names; at other levels they are
         * {@code coverage_inner} and {@code coverage_outer}, next to {@code interval_levels}, so
         * that no reader takes a 90 % band's coverage for a 95 % one's.
         */
        private static ObjectNode json(int seriesCount, Map<String, List<ModelScore>> scopes, IntervalLevels levels) {
            ObjectNode root = Json.object();
            root.put("series", seriesCount);
            if (!levels.isDefault()) {
                ObjectNode l = root.putObject("interval_levels");
                l.put("inner", levels.inner());
                l.put("outer", levels.outer());
            }
            rows(root.putArray("models"), scopes.get("all"), levels);
            ObjectNode others = root.putObject("scopes");
            scopes.forEach((scope, rows) -> {
                if (!scope.equals("all")) {
                    rows(others.putArray(scope), rows, levels);
                }
            });
            return root;
        }

        private static void rows(ArrayNode array, List<ModelScore> rows, IntervalLevels levels) {
            boolean protocol = levels.isDefault();
            for (ModelScore r : rows) {
                ObjectNode n = array.addObject();
                n.put("name", r.model());
                n.put("series", r.series());
                Json.putNumber(n, "mase", r.mase());
                Json.putNumber(n, "median_mase", r.medianMase());
                Json.putNumber(n, "smape", r.smape());
                Json.putNumber(n, protocol ? "coverage80" : "coverage_inner", r.coverageInner());
                Json.putNumber(n, protocol ? "coverage95" : "coverage_outer", r.coverageOuter());
                Json.putNumber(n, "msis", r.msis());
                Json.putNumber(n, "relative_mase_geomean", r.relativeMaseGeomean());
                n.put("seconds_per_series", r.secondsPerFit());
                n.put("failed_origins", r.failedOrigins());
            }
        }

        /** The scores as a table; the coverage columns are named after the levels (COVERAGE80, COVERAGE95 by default). */
        private static Table table(Map<String, List<ModelScore>> scopes, IntervalLevels levels) {
            Table t = new Table(List.of("SCOPE", "MODEL", "SERIES", "MASE", "MEDIAN_MASE", "SMAPE",
                    "COVERAGE" + levels.innerPercent(), "COVERAGE" + levels.outerPercent(), "MSIS", "RELATIVE_MASE",
                    "SECONDS_PER_FIT", "FAILED"),
                    false, false, true, true, true, true, true, true, true, true, true, true);
            scopes.forEach((scope, rows) -> {
                for (ModelScore r : rows) {
                    t.add(List.of(scope, r.model(), String.valueOf(r.series()), Numbers.orDash(r.mase(), 3),
                            Numbers.orDash(r.medianMase(), 3), Numbers.orDash(r.smape(), 2),
                            Numbers.orDash(r.coverageInner(), 3), Numbers.orDash(r.coverageOuter(), 3),
                            Numbers.orDash(r.msis(), 2),
                            Numbers.orDash(r.relativeMaseGeomean(), 3), Numbers.fixed(r.secondsPerFit(), 5),
                            String.valueOf(r.failedOrigins())));
                }
            });
            return t;
        }
    }
}
