package dev.headroom.forecast.bench;

import dev.headroom.forecast.CalibratedForecaster;
import dev.headroom.forecast.ForecastModel;
import dev.headroom.forecast.Forecaster;
import dev.headroom.forecast.History;
import dev.headroom.forecast.IntervalCalibrator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Developer's run of the forecast protocol on the DEV traces with any models, by class name:
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) dev.headroom.forecast.bench.DevBench \
 *     ../shared/data/traces/series.csv dev.headroom.forecast.SomeModel [more classes…]
 * </pre>
 * A class implementing {@link ForecastModel} is wrapped with conformal intervals; one
 * implementing {@link Forecaster} is used as is. Both need a public no-argument constructor or a
 * public static no-argument factory named {@code create}.
 */
public final class DevBench {
    private DevBench() {
    }

    public static void main(String[] args) throws Exception {
        List<History> series = ForecastBenchmark.readSeries(Path.of(args[0]));
        List<Forecaster> forecasters = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            Class<?> c = Class.forName(args[i]);
            Object o;
            try {
                o = c.getMethod("create").invoke(null);
            } catch (NoSuchMethodException e) {
                o = c.getDeclaredConstructor().newInstance();
            }
            forecasters.add(o instanceof Forecaster f ? f
                    : new CalibratedForecaster((ForecastModel) o, new IntervalCalibrator()));
        }
        long t0 = System.nanoTime();
        Map<String, List<ForecastBenchmark.SeriesScore>> scores =
                new ForecastBenchmark(Runtime.getRuntime().availableProcessors()).run(series, forecasters);
        System.out.printf(Locale.ROOT, "%d series, %.1f s%n", series.size(), (System.nanoTime() - t0) / 1e9);
        print(ForecastBenchmark.summarise(scores, "all", s -> true));
        print(ForecastBenchmark.summarise(scores, "seasonal_tiers", s -> s.tier().seasonal()));
        print(ForecastBenchmark.summarise(scores, "short_tier", s -> !s.tier().seasonal()));
    }

    static void print(List<ForecastBenchmark.ModelScore> rows) {
        System.out.printf(Locale.ROOT, "%-16s %-15s %4s %7s %7s %7s %6s %6s %7s %7s %9s %4s%n", "model", "scope", "n",
                "mase", "median", "smape", "cov80", "cov95", "msis", "relMASE", "sec/fit", "fail");
        for (var r : rows) {
            System.out.printf(Locale.ROOT, "%-16s %-15s %4d %7.3f %7.3f %7.2f %6.3f %6.3f %7.2f %7.3f %9.5f %4d%n",
                    r.model(), r.scope(), r.series(), r.mase(), r.medianMase(), r.smape(), r.coverageInner(), r.coverageOuter(),
                    r.msis(), r.relativeMaseGeomean(), r.secondsPerFit(), r.failedOrigins());
        }
    }
}
