package dev.headroom.ui.common;

import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Metric;
import dev.headroom.domain.ProgressListener;
import dev.headroom.forecast.FleetForecast;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedForecastsTest {
    static final Instant AT = Instant.parse("2026-11-03T14:05:00Z");
    static final Set<Metric> ALL = EnumSet.allOf(Metric.class);
    static final Set<Metric> CPU = EnumSet.of(Metric.CPU);

    /** Counts the forecasts made; each is made at {@link #AT}. */
    static final class CountingSource implements SharedForecasts.Source {
        final AtomicInteger made = new AtomicInteger();

        @Override
        public FleetForecast forecast(String account, Set<Metric> metrics, Duration horizon, ProgressListener progress) {
            made.incrementAndGet();
            return new FleetForecast(account, AT, Map.of(), Map.of());
        }
    }

    @Test
    void aForecastThatReachesTheWindowIsReusedAndOneThatDoesNotIsMadeAgain() {
        CountingSource source = new CountingSource();
        SharedForecasts shared = new SharedForecasts(source);
        FleetForecast forecastsPage = shared.forecast("sandbox", ALL, Duration.ofHours(24), ProgressListener.NONE);

        FleetForecast reused = shared.covering("sandbox", CPU, AT.plus(Duration.ofHours(22)), Duration.ofHours(22),
                ProgressListener.NONE);
        assertThat(reused).isSameAs(forecastsPage);
        assertThat(source.made).hasValue(1);

        shared.covering("sandbox", CPU, AT.plus(Duration.ofHours(30)), Duration.ofHours(30), ProgressListener.NONE);
        assertThat(source.made).as("24 h do not reach 30 h ahead").hasValue(2);
        shared.covering("retail", CPU, AT.plusSeconds(3600), Duration.ofHours(6), ProgressListener.NONE);
        assertThat(source.made).as("another account").hasValue(3);
    }

    @Test
    void theForecastsPageForecastsAgainWhenAskedAgain() {
        CountingSource source = new CountingSource();
        SharedForecasts shared = new SharedForecasts(source);
        shared.forecast("sandbox", ALL, Duration.ofHours(24), ProgressListener.NONE);
        shared.forecast("sandbox", ALL, Duration.ofHours(24), ProgressListener.NONE); // Refresh

        assertThat(source.made).hasValue(2);
    }

    @Test
    void aPageAskingWhileTheForecastIsBeingMadeWaitsForItAndHearsItsProgress() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger made = new AtomicInteger();
        SharedForecasts shared = new SharedForecasts((account, metrics, horizon, progress) -> {
            made.incrementAndGet();
            started.countDown();
            try {
                while (!release.await(10, TimeUnit.MILLISECONDS)) {
                    progress.progress(0.5, "Forecast 50 of 100 series");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new FleetForecast(account, AT, Map.of(), Map.of());
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<FleetForecast> forecastsPage = pool.submit(() ->
                    shared.forecast("sandbox", ALL, Duration.ofHours(24), ProgressListener.NONE));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            List<String> heard = new ArrayList<>();
            Future<FleetForecast> dependenciesPage = pool.submit(() -> shared.covering("sandbox", CPU,
                    AT.plus(Duration.ofHours(18)), Duration.ofHours(18), (f, m) -> {
                        synchronized (heard) {
                            heard.add(m);
                        }
                    }));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (heardNothing(heard) && System.nanoTime() < deadline) {
                Thread.sleep(5); // until the second caller waits and hears the first one's progress
            }
            release.countDown();

            assertThat(dependenciesPage.get(10, TimeUnit.SECONDS)).isSameAs(forecastsPage.get(10, TimeUnit.SECONDS));
            assertThat(made).hasValue(1);
            synchronized (heard) {
                assertThat(heard).isNotEmpty().containsOnly("Forecast 50 of 100 series");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean heardNothing(List<String> heard) {
        synchronized (heard) {
            return heard.isEmpty();
        }
    }

    @Test
    void aFailedForecastIsNotReused() {
        AtomicInteger calls = new AtomicInteger();
        SharedForecasts shared = new SharedForecasts((account, metrics, horizon, progress) -> {
            if (calls.incrementAndGet() == 1) {
                throw new HeadroomException("The store is locked. Close the other Headroom window.");
            }
            return new FleetForecast(account, AT, Map.of(), Map.of());
        });
        assertThatThrownBy(() -> shared.forecast("sandbox", ALL, Duration.ofHours(24), ProgressListener.NONE))
                .hasMessageContaining("locked");

        FleetForecast next = shared.covering("sandbox", CPU, AT.plusSeconds(3600), Duration.ofHours(6),
                ProgressListener.NONE);

        assertThat(next.at()).isEqualTo(AT);
        assertThat(calls).hasValue(2);
    }
}
