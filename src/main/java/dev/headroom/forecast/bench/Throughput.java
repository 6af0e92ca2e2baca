package dev.headroom.forecast.bench;

import dev.headroom.forecast.Forecaster;
import dev.headroom.forecast.History;

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
 * as a console refreshing every host's forecast would.
 */
public final class Throughput {

    /**
     * @param seconds         wall time of the whole run
     * @param forecastSeconds the part of the work spent forecasting (summed over threads, divided by their number)
     * @param failures        series whose forecast threw
     */
    public record Result(int series, int days, int threads, double seconds, double forecastSeconds, int failures) {
        public double seriesPerSecond() {
            return series / seconds;
        }
    }

    private Throughput() {
    }

    public static Result run(Forecaster forecaster, int series, int days, int threads, long seed) {
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
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < series; i = next.getAndIncrement()) {
                        History h = SyntheticLoad.series(i, days, seed);
                        long f0 = System.nanoTime();
                        try {
                            forecaster.forecast(h, h.stepsPerDay());
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
        return new Result(series, days, workers, seconds, forecastNanos.get() / 1e9 / workers, failures.get());
    }
}
