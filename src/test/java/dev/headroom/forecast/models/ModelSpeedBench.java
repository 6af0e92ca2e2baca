package dev.headroom.forecast.models;

import dev.headroom.forecast.ForecastModel;
import dev.headroom.forecast.History;
import dev.headroom.forecast.Seasonality;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Warm single-call cost of each model at the two window sizes that dominate a fleet run: two days
 * (576 samples, the short tier's longest window) and three weeks (6048, the full tier's window).
 * Prints the median over many calls, in milliseconds; the machine may be shared, so compare
 * medians of repeated runs. Not a test: run its main with [calls] [row-name prefixes...] (no
 * prefix runs every row).
 */
public final class ModelSpeedBench {
    private static final int DAY = 288;

    private ModelSpeedBench() {
    }

    /** Daily and weekly seasons, an AR(1) wander, noise and the odd spike: VM load's shape. */
    static History series(int n, long seed) {
        Random r = new Random(seed);
        double[] y = new double[n];
        double ar = 0;
        for (int t = 0; t < n; t++) {
            ar = 0.97 * ar + r.nextGaussian();
            double day = 8 * Math.sin(2 * Math.PI * t / DAY);
            double week = (t / DAY) % 7 >= 5 ? -4 : 1.5;
            y[t] = 40 + day + week + ar + 2 * r.nextGaussian() + (r.nextInt(200) == 0 ? 30 : 0);
        }
        return new History("s" + seed, Instant.parse("2024-01-01T00:00:00Z"), Duration.ofMinutes(5), y);
    }

    private static double medianMillis(Runnable call, int calls) {
        double[] t = new double[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            call.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return t[calls / 2];
    }

    private static List<String> only = List.of();

    private static boolean skipped(String name) {
        return !only.isEmpty() && only.stream().noneMatch(name::startsWith);
    }

    private static void row(String name, Supplier<Runnable> at576, Supplier<Runnable> at6048, int calls) {
        if (skipped(name)) {
            return;
        }
        Runnable a = at576.get();
        Runnable b = at6048.get();
        for (int i = 0; i < calls; i++) {
            a.run();
            b.run();
        }
        System.out.printf(Locale.ROOT, "%-22s %10.4f %10.4f%n", name, medianMillis(a, calls), medianMillis(b, calls));
    }

    private static Supplier<Runnable> model(ForecastModel m, int n) {
        return () -> {
            History h = series(n, n);
            Seasonality s = Seasonality.of(h);
            int horizon = n >= 5 * DAY ? DAY : n / 6;
            return () -> m.forecast(h, horizon, s);
        };
    }

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        only = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        System.out.printf(Locale.ROOT, "%-22s %10s %10s%n", "ms per call (median)", "n=576", "n=6048");
        row("mstl.decompose", () -> {
            double[] y = series(576, 1).values();
            return () -> Mstl.decompose(y, DAY);
        }, () -> {
            double[] y = series(6048, 2).values();
            return () -> Mstl.decompose(y, DAY, 7 * DAY);
        }, calls);
        row("etsfit(adjusted,h)", () -> {
            double[] y = Mstl.decompose(series(576, 1).values(), DAY).adjusted();
            return () -> EtsFit.fit(y, 96, true);
        }, () -> {
            double[] y = Mstl.decompose(series(6048, 2).values(), DAY, 7 * DAY).adjusted();
            return () -> EtsFit.fit(y, DAY, true);
        }, calls);
        row("etsfit(simple only)", () -> {
            double[] y = Mstl.decompose(series(576, 1).values(), DAY).adjusted();
            return () -> EtsFit.fit(y, 96, false);
        }, () -> {
            double[] y = Mstl.decompose(series(6048, 2).values(), DAY, 7 * DAY).adjusted();
            return () -> EtsFit.fit(y, DAY, false);
        }, calls);
        row("noiseScale", () -> {
            double[] y = series(576, 1).values();
            return () -> EtsFit.noiseScale(y);
        }, () -> {
            double[] y = Arrays.copyOfRange(series(6048, 2).values(), 6048 - 2016, 6048);
            return () -> EtsFit.noiseScale(y);
        }, calls);
        row("ets", model(new Ets(), 576), model(new Ets(), 6048), calls);
        row("theta", model(new Theta(), 576), model(new Theta(), 6048), calls);
        row("arima", model(new Arima(), 576), model(new Arima(), 6048), calls);
        row("dhr", model(new Dhr(), 576), model(new Dhr(), 6048), calls);
        row("dhr [n=4032 | 6048]", model(new Dhr(), 4032), model(new Dhr(), 6048), calls);
        if (skipped("global")) {
            return;
        }
        List<History> pool = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            pool.add(series(i % 10 == 0 ? 6048 : 576, 100 + i));
        }
        GlobalModel trained = GlobalModel.train(pool);
        row("global.forecast", model(trained, 576), model(trained, 6048), calls);
        int trains = Math.max(5, calls / 40);
        for (int i = 0; i < trains; i++) {
            GlobalModel.train(pool);
        }
        System.out.printf(Locale.ROOT, "%-22s %10.4f  (160 series, 16 of 6048)%n", "global.train",
                medianMillis(() -> GlobalModel.train(pool), trains));
    }
}
