package dev.headroom.forecast.bench;

import dev.headroom.forecast.CalibratedForecaster;
import dev.headroom.forecast.Forecast;
import dev.headroom.forecast.Forecaster;
import dev.headroom.forecast.History;
import dev.headroom.forecast.IntervalCalibrator;
import dev.headroom.forecast.IntervalLevels;
import dev.headroom.forecast.SeasonalNaive;
import dev.headroom.scenario.LongMetricsCsv;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * FORECAST_PROTOCOL.md for any set of forecasters: three rolling origins per series, fresh fit at
 * each, 21-day training cap, MASE / sMAPE / coverage / MSIS, geometric mean of MASE relative to
 * seasonal naive. A failed origin (exception or non-finite output) is scored with seasonal naive
 * and counted.
 *
 * <p>The intervals are made and scored at the benchmark's {@link IntervalLevels}: the protocol's
 * 80 % and 95 % by default, so coverage of the inner and outer band is its Coverage80 and
 * Coverage95; at other levels they are compared with those levels instead, and MSIS takes
 * {@code alpha = 1 − outer level}.
 */
public final class ForecastBenchmark {
    public static final String REFERENCE = "snaive";

    /** A series' scores for one model: means over its three origins. */
    public record SeriesScore(String seriesId, Protocol.Tier tier, double mase, double smape, double coverageInner,
                              double coverageOuter, double msis, double secondsPerFit, int failedOrigins) {
    }

    /** One model over one scope of series. */
    public record ModelScore(String model, String scope, int series, int seriesWithMase, double mase,
                             double medianMase, double smape, double coverageInner, double coverageOuter, double msis,
                             double relativeMaseGeomean, double secondsPerFit, int failedOrigins) {
    }

    private final int threads;
    private final IntervalLevels levels;

    /** The protocol at its own levels, 80 % and 95 %. */
    public ForecastBenchmark(int threads) {
        this(threads, IntervalLevels.DEFAULT);
    }

    /** Intervals made and scored at {@code levels}. */
    public ForecastBenchmark(int threads, IntervalLevels levels) {
        this.threads = Math.max(1, threads);
        this.levels = levels;
    }

    public IntervalLevels levels() {
        return levels;
    }

    /** Reads the traces layout ({@code series.csv}: {@code series_id,timestamp,value}). */
    public static List<History> readSeries(Path seriesCsv) {
        List<History> out = new ArrayList<>();
        for (var s : LongMetricsCsv.read(seriesCsv, id -> id, new ArrayList<>())) {
            out.add(new History(s.key(), s.start(), s.step(), s.values()));
        }
        return out;
    }

    /**
     * The source of every series in the traces' {@code metadata.csv}
     * ({@code series_id,source,…}), for the per-source scopes.
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when it lacks a {@code series_id} or {@code source} column
     */
    public static Map<String, String> readSources(Path metadataCsv) throws IOException {
        Map<String, String> sources = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(metadataCsv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            List<String> columns = header == null ? List.of() : csvFields(header);
            int id = columns.indexOf("series_id");
            int source = columns.indexOf("source");
            if (id < 0 || source < 0) {
                throw new IllegalArgumentException(metadataCsv.getFileName() + " needs the columns series_id and source");
            }
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                List<String> f = csvFields(line);
                if (f.size() > Math.max(id, source)) {
                    sources.put(f.get(id), f.get(source));
                }
            }
        }
        return sources;
    }

    /** The fields of one RFC 4180 line (metadata has no line breaks inside quotes). */
    static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    /**
     * The protocol's report scopes: {@code all}, {@code seasonal_tiers}, {@code short_tier}, and
     * {@code source:NAME} for every source in {@code sources} (series id to source; may be empty).
     * Scopes without a series are left out.
     */
    public static Map<String, List<ModelScore>> scopes(Map<String, List<SeriesScore>> scores,
                                                       Map<String, String> sources) {
        Map<String, List<ModelScore>> out = new LinkedHashMap<>();
        out.put("all", summarise(scores, "all", s -> true));
        out.put("seasonal_tiers", summarise(scores, "seasonal_tiers", s -> s.tier().seasonal()));
        out.put("short_tier", summarise(scores, "short_tier", s -> !s.tier().seasonal()));
        for (String source : new TreeSet<>(sources.values())) {
            String scope = "source:" + source;
            out.put(scope, summarise(scores, scope, s -> source.equals(sources.get(s.seriesId()))));
        }
        out.values().removeIf(List::isEmpty);
        return out;
    }

    /**
     * Scores every forecaster (and the seasonal-naive reference, added when absent) on every
     * series; per model and series, in input order.
     */
    public Map<String, List<SeriesScore>> run(List<History> series, List<Forecaster> forecasters) {
        List<Forecaster> all = new ArrayList<>(forecasters);
        if (all.stream().noneMatch(f -> f.name().equals(REFERENCE))) {
            all.add(0, reference());
        }
        Forecaster fallback = reference();
        Map<String, List<SeriesScore>> result = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "forecast-bench");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Forecaster f : all) {
                Forecaster[] prepared = new Forecaster[Protocol.ORIGINS + 1];
                double[] prepareSeconds = new double[Protocol.ORIGINS + 1];
                for (int k = 1; k <= Protocol.ORIGINS; k++) {
                    List<History> windows = new ArrayList<>();
                    for (History s : series) {
                        int d = s.stepsPerDay();
                        int h = Protocol.horizon(s.size(), d);
                        windows.add(Protocol.trainingWindow(s, Protocol.origin(s.size(), h, k)));
                    }
                    long t0 = System.nanoTime();
                    prepared[k] = f.prepare(windows);
                    prepareSeconds[k] = (System.nanoTime() - t0) / 1e9;
                }
                warmUp(prepared[1], series, levels);
                List<Future<SeriesScore>> futures = new ArrayList<>();
                for (History s : series) {
                    futures.add(pool.submit(() -> score(s, prepared, prepareSeconds, series.size(), fallback, levels)));
                }
                List<SeriesScore> scores = new ArrayList<>();
                for (Future<SeriesScore> fu : futures) {
                    scores.add(fu.get());
                }
                result.put(f.name(), scores);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("benchmark interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("benchmark failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return result;
    }

    /**
     * Runs the forecaster once, untimed, over the first origin of every series: the JVM compiles
     * hot code during the first thousands of calls, a one-time cost that a console running for
     * hours pays once and that would otherwise land on whichever model and series come first
     * (auto measured 0.0026–0.0030 s per fit cold against 0.0016 s after other models had warmed
     * the same code). Nothing from it is scored.
     */
    private static void warmUp(Forecaster f, List<History> series, IntervalLevels levels) {
        for (int i = 0; i < series.size(); i++) {
            History s = series.get(i);
            int h = Protocol.horizon(s.size(), s.stepsPerDay());
            try {
                f.forecast(Protocol.trainingWindow(s, Protocol.origin(s.size(), h, 1)), h, levels);
            } catch (RuntimeException e) {
                // scored (and counted as failed) in the timed run
            }
        }
    }

    public static Forecaster reference() {
        return new CalibratedForecaster(SeasonalNaive.daily(), new IntervalCalibrator());
    }

    private static SeriesScore score(History s, Forecaster[] prepared, double[] prepareSeconds, int seriesCount,
                                     Forecaster fallback, IntervalLevels levels) {
        int n = s.size();
        int d = s.stepsPerDay();
        int h = Protocol.horizon(n, d);
        double[] y = s.values();
        double mase = 0;
        int maseCount = 0;
        double msis = 0;
        double smape = 0;
        double coverageInner = 0;
        double coverageOuter = 0;
        double seconds = 0;
        int failed = 0;
        for (int k = 1; k <= Protocol.ORIGINS; k++) {
            int origin = Protocol.origin(n, h, k);
            History train = Protocol.trainingWindow(s, origin);
            double[] actual = Arrays.copyOfRange(y, origin, origin + h);
            long t0 = System.nanoTime();
            Forecast f;
            try {
                f = prepared[k].forecast(train, h, levels);
                if (f.horizon() != h) {
                    throw new IllegalStateException("forecast has " + f.horizon() + " steps, not " + h);
                }
            } catch (RuntimeException e) {
                failed++;
                f = fallback.forecast(train, h, levels);
            }
            seconds += (System.nanoTime() - t0) / 1e9 + prepareSeconds[k] / seriesCount;
            OriginScore o = OriginScore.of(f, actual, Protocol.scale(train.values(), d));
            if (!Double.isNaN(o.mase())) {
                mase += o.mase();
                msis += o.msis();
                maseCount++;
            }
            smape += o.smape();
            coverageInner += o.coverageInner();
            coverageOuter += o.coverageOuter();
        }
        int k = Protocol.ORIGINS;
        return new SeriesScore(s.id(), Protocol.tier(n, d), maseCount == 0 ? Double.NaN : mase / maseCount,
                smape / k, coverageInner / k, coverageOuter / k, maseCount == 0 ? Double.NaN : msis / maseCount, seconds / k, failed);
    }

    /** Set-level scores of every model over the series that {@code inScope} accepts. */
    public static List<ModelScore> summarise(Map<String, List<SeriesScore>> scores, String scope,
                                             Predicate<SeriesScore> inScope) {
        List<SeriesScore> ref = scores.get(REFERENCE);
        List<ModelScore> out = new ArrayList<>();
        for (var entry : scores.entrySet()) {
            List<SeriesScore> list = entry.getValue();
            int n = 0;
            double smape = 0;
            double coverageInner = 0;
            double coverageOuter = 0;
            double secs = 0;
            int failed = 0;
            List<Double> mases = new ArrayList<>();
            double msis = 0;
            double logRel = 0;
            int relCount = 0;
            for (int i = 0; i < list.size(); i++) {
                SeriesScore s = list.get(i);
                if (!inScope.test(s)) {
                    continue;
                }
                n++;
                smape += s.smape();
                coverageInner += s.coverageInner();
                coverageOuter += s.coverageOuter();
                secs += s.secondsPerFit();
                failed += s.failedOrigins();
                if (!Double.isNaN(s.mase())) {
                    mases.add(s.mase());
                    msis += s.msis();
                }
                double r = ref == null ? Double.NaN : ref.get(i).mase();
                if (!Double.isNaN(s.mase()) && !Double.isNaN(r) && s.mase() > 0 && r > 0) {
                    logRel += Math.log(s.mase() / r);
                    relCount++;
                }
            }
            if (n == 0) {
                continue;
            }
            double[] m = mases.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = m.length == 0 ? Double.NaN
                    : m.length % 2 == 1 ? m[m.length / 2] : (m[m.length / 2 - 1] + m[m.length / 2]) / 2;
            double meanMase = m.length == 0 ? Double.NaN : Arrays.stream(m).sum() / m.length;
            out.add(new ModelScore(entry.getKey(), scope, n, m.length, meanMase, median, smape / n,
                    coverageInner / n, coverageOuter / n, m.length == 0 ? Double.NaN : msis / m.length,
                    relCount == 0 ? Double.NaN : Math.exp(logRel / relCount), secs / n, failed));
        }
        return out;
    }
}
