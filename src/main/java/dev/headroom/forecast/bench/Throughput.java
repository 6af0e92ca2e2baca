package dev.headroom.forecast.bench;

import dev.headroom.forecast.Forecaster;
import dev.headroom.forecast.History;
import dev.headroom.forecast.IntervalLevels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fleet-scale run: {@link SyntheticLoad} series forecast one day ahead on several threads,
 * as a console refreshing every host's forecast would — including the forecaster's preparation
 * on the whole fleet (training the cross-series model), which a refresh pays too.
 */
public final class Throughput {

    /**
     * @param seconds         wall time of the whole run
     * @param prepareSeconds  preparing the forecaster on the whole fleet (cross-series training)
     * @param forecastSeconds the part of the work spent forecasting (summed over threads, divided by their number)
     * @param failures        series whose forecast threw
     */
    public record Result(int series, int days, int threads, double seconds, double prepareSeconds,
                         double forecastSeconds, int failures) {
        public double seriesPerSecond() {
            return series / seconds;
        }
    }

    private Throughput() {
    }

    public static Result run(Forecaster forecaster, int series, int days, int threads, long seed) {
        return run(forecaster, series, days, threads, seed, IntervalLevels.DEFAULT);
    }

    /** As {@link #run(Forecaster, int, int, int, long)}, with intervals at {@code levels}. */
    public static Result run(Forecaster forecaster, int series, int days, int threads, long seed,
                             IntervalLevels levels) {
        int workers = Math.max(1, threads);
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "forecast-throughput");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger next = new AtomicInteger();
        AtomicLong forecastNanos = new AtomicLong();
        AtomicInteger failures = new AtomicInteger();
        long t0 = System.nanoTime();
        History[] fleet = new History[series];
        try {
            List<Future<?>> generated = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                generated.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < series; i = next.getAndIncrement()) {
                        fleet[i] = SyntheticLoad.series(i, days, seed);
                    }
                }));
            }
            for (Future<?> f : generated) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
            throw new IllegalStateException("throughput run interrupted", e);
        } catch (ExecutionException e) {
            pool.shutdownNow();
            throw new IllegalStateException("throughput run failed: " + e.getCause(), e.getCause());
        }
        long p0 = System.nanoTime();
        Forecaster ready = forecaster.prepare(List.of(fleet));
        double prepareSeconds = (System.nanoTime() - p0) / 1e9;
        next.set(0);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < series; i = next.getAndIncrement()) {
                        History h = fleet[i];
                        long f0 = System.nanoTime();
                        try {
                            ready.forecast(h, h.stepsPerDay(), levels);
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                        }
                        forecastNanos.addAndGet(System.nanoTime() - f0);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("throughput run interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("throughput run failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(series, days, workers, seconds, prepareSeconds, forecastNanos.get() / 1e9 / workers,
                failures.get());
    }
}
