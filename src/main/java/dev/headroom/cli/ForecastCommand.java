package dev.headroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headroom.domain.DomainException;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Metric;
import dev.headroom.engine.Engine;
import dev.headroom.domain.ProgressListener;
import dev.headroom.forecast.FleetForecast;
import dev.headroom.forecast.AutoForecaster;
import dev.headroom.forecast.Forecast;
import dev.headroom.forecast.ForecastException;
import dev.headroom.forecast.Forecaster;
import dev.headroom.forecast.History;
import dev.headroom.forecast.IntervalLevels;
import dev.headroom.scenario.LongMetricsCsv;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Forecasts every series of a metrics file, or of an account's hosts, with the automatic model
 * choice. Each series is fitted on its last {@value #TRAINING_DAYS} days, as in the benchmark.
 */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = "Forecast every series of a metric history (series_id,timestamp,value), or every host of an "
                + "account, with the automatic model choice, with two prediction intervals (80 %% and 95 %% "
                + "unless --levels says otherwise).")
final class ForecastCommand implements Callable<Integer> {
    static final int TRAINING_DAYS = 21;
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([mhd])");

    enum Format { csv, json }

    @Spec
    CommandSpec spec;

    @ParentCommand
    HeadroomCli parent;

    /** Exactly one source: a file, or an account's stored history. */
    static final class Source {
        @Option(names = "--input", paramLabel = "FILE", required = true,
                description = "Long CSV (series_id,timestamp,value; .gz accepted).")
        Path input;

        @Option(names = "--account", paramLabel = "NAME", required = true,
                description = "Forecast the hosts of this account from its clock (forecasts are journaled).")
        String account;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--metric", paramLabel = "METRIC", split = ",", defaultValue = "cpu,memory,network,disk",
            description = "With --account: metrics to forecast (default: ${DEFAULT-VALUE}).")
    List<String> metrics;

    @Option(names = "--horizon", paramLabel = "SPAN", required = true,
            description = "How far ahead: 24h, 90m, 2d, or a number of steps.")
    String horizon;

    @Option(names = "--format", defaultValue = "csv", description = "csv or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = LevelsOption.NAME, paramLabel = "INNER,OUTER",
            description = LevelsOption.DESCRIPTION + " The bound columns are named after them: lower80, upper80, "
                    + "lower95, upper95 by default.")
    String levels;

    @Override
    public Integer call() {
        IntervalLevels chosen = LevelsOption.parse(levels);
        List<Forecast> forecasts = source.account != null ? fromAccount(chosen) : fromFile(source.input, chosen);
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case csv -> csv(forecasts, chosen).printCsv(out);
            case json -> Json.print(out, json(forecasts, chosen));
            default -> throw new IllegalStateException(format.name());
        }
        out.flush();
        return HeadroomCli.OK;
    }

    private List<Forecast> fromAccount(IntervalLevels chosen) {
        Set<Metric> wanted = EnumSet.noneOf(Metric.class);
        for (String m : metrics) {
            try {
                wanted.add(Metric.parse("--metric", m));
            } catch (DomainException e) {
                throw new HeadroomException(e.getMessage() + ".");
            }
        }
        Duration span = span(horizon);
        PrintWriter err = spec.commandLine().getErr();
        try (Engine engine = parent.openEngine(err)) {
            FleetForecast ff = engine.forecasts().forecast(source.account, wanted, span, chosen,
                    ProgressListener.NONE);
            Notes.print(err, "note: ", ff.skipped().entrySet().stream()
                    .map(e -> e.getKey() + " not forecast: " + e.getValue()).toList(), "series not forecast");
            return List.copyOf(ff.forecasts().values());
        }
    }

    /** A span for --account, where steps have no single length: 24h, 90m or 2d. */
    static Duration span(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new HeadroomException("--horizon \"" + text + "\" is not a span. With --account write it as "
                    + "24h, 90m or 2d.");
        }
        long n = parse(m.group(1), text);
        Duration d = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.isZero() || d.compareTo(Duration.ofDays(30)) > 0) {
            throw new HeadroomException("--horizon " + text + " must be more than 0 and at most 30 days.");
        }
        return d;
    }

    private List<Forecast> fromFile(Path input, IntervalLevels chosen) {
        if (!Files.isRegularFile(input)) {
            throw new HeadroomException("No file " + input + ". Give --input a long CSV with the columns "
                    + "series_id,timestamp,value.");
        }
        List<String> notes = new ArrayList<>();
        List<LongMetricsCsv.Series<String>> series = LongMetricsCsv.read(input, id -> id, notes);
        if (series.isEmpty()) {
            throw new HeadroomException(input + " holds no series.");
        }
        PrintWriter err = spec.commandLine().getErr();
        Notes.print(err, "note: ", notes, "notes of the same kinds");
        Forecaster auto = AutoForecaster.create();
        return series.parallelStream().map(s -> {
            History h = new History(s.key(), s.start(), s.step(), s.values());
            try {
                return auto.forecast(h.tail(TRAINING_DAYS * h.stepsPerDay()), steps(horizon, s.step()), chosen);
            } catch (ForecastException e) {
                throw new HeadroomException("Could not forecast series " + s.key() + ": " + e.getMessage() + ".", e);
            }
        }).toList();
    }

    /**
     * Steps of {@code step} that cover {@code span} (rounded up), or the number itself.
     *
     * @throws HeadroomException when the text is neither
     */
    static int steps(String span, Duration step) {
        String text = span.trim().toLowerCase(Locale.ROOT);
        long value;
        if (text.matches("\\d+")) {
            value = parse(text, span);
        } else {
            Matcher m = DURATION.matcher(text);
            if (!m.matches()) {
                throw badHorizon(span);
            }
            long minutes = parse(m.group(1), span) * switch (m.group(2)) {
                case "m" -> 1;
                case "h" -> 60;
                default -> 24 * 60;
            };
            long stepSeconds = step.getSeconds();
            value = (minutes * 60 + stepSeconds - 1) / stepSeconds;
        }
        if (value < 1 || value > 100_000) {
            throw new HeadroomException("--horizon " + span + " is " + value + " steps; give 1 to 100000 steps.");
        }
        return (int) value;
    }

    private static long parse(String digits, String span) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw badHorizon(span);
        }
    }

    private static HeadroomException badHorizon(String span) {
        return new HeadroomException("--horizon \"" + span + "\" is not a span. Write it as 24h, 90m, 2d, "
                + "or a number of steps.");
    }

    /** The bound columns of the CSV and JSON steps, named after the levels: lower80, upper80, lower95, upper95. */
    static List<String> boundNames(IntervalLevels levels) {
        return List.of("lower" + levels.innerPercent(), "upper" + levels.innerPercent(),
                "lower" + levels.outerPercent(), "upper" + levels.outerPercent());
    }

    private static Table csv(List<Forecast> forecasts, IntervalLevels levels) {
        List<String> columns = new ArrayList<>(List.of("series_id", "timestamp", "mean"));
        columns.addAll(boundNames(levels));
        columns.add("model");
        Table t = new Table(columns);
        for (Forecast f : forecasts) {
            double[] mean = f.mean();
            double[] lInner = f.lowerInner();
            double[] uInner = f.upperInner();
            double[] lOuter = f.lowerOuter();
            double[] uOuter = f.upperOuter();
            for (int k = 0; k < f.horizon(); k++) {
                t.add(List.of(f.seriesId(), f.start().plus(f.step().multipliedBy(k)).toString(), number(mean[k]),
                        number(lInner[k]), number(uInner[k]), number(lOuter[k]), number(uOuter[k]), f.model()));
            }
        }
        return t;
    }

    private static ObjectNode json(List<Forecast> forecasts, IntervalLevels levels) {
        ObjectNode root = Json.object();
        ObjectNode l = root.putObject("interval_levels");
        l.put("inner", levels.inner());
        l.put("outer", levels.outer());
        List<String> bounds = boundNames(levels);
        ArrayNode all = root.putArray("series");
        for (Forecast f : forecasts) {
            ObjectNode s = all.addObject();
            s.put("series_id", f.seriesId());
            s.put("model", f.model());
            s.put("reason", f.reason());
            Json.putNumber(s, "backtest_mase", f.backtestMase());
            s.put("step_seconds", f.step().getSeconds());
            ArrayNode steps = s.putArray("steps");
            double[] mean = f.mean();
            double[] lInner = f.lowerInner();
            double[] uInner = f.upperInner();
            double[] lOuter = f.lowerOuter();
            double[] uOuter = f.upperOuter();
            for (int k = 0; k < f.horizon(); k++) {
                ObjectNode p = steps.addObject();
                p.put("timestamp", f.start().plus(f.step().multipliedBy(k)).toString());
                p.put("mean", round(mean[k]));
                p.put(bounds.get(0), round(lInner[k]));
                p.put(bounds.get(1), round(uInner[k]));
                p.put(bounds.get(2), round(lOuter[k]));
                p.put(bounds.get(3), round(uOuter[k]));
            }
        }
        return root;
    }

    /** Six significant digits: more than any metric is measured to, without binary noise. */
    private static BigDecimal round(double v) {
        return BigDecimal.valueOf(v).round(new MathContext(6)).stripTrailingZeros();
    }

    private static String number(double v) {
        return round(v).toPlainString();
    }
}
