package dev.headroom.providers.sandbox;

import dev.headroom.testing.SteppingClock;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.SeriesId;
import dev.headroom.fleet.FleetStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxProviderTest {
    private static final Instant SIM = Instant.parse("2025-03-14T12:00:00Z");
    private static final Instant REAL = Instant.parse("2026-01-05T09:00:00Z");

    private final SteppingClock real = new SteppingClock(REAL);
    private final RecordingStore store = new RecordingStore();

    @Test
    void currentLoadIsWhatTheStoreHoldsAtSimulatedTime() {
        Account account = account(Map.of("clock_now", SIM.toString(), "clock_speed", "60",
                "clock_real_anchor", REAL.toString()));
        SandboxProvider provider = new SandboxProvider(account, store, real, java.util.Optional.empty());
        real.advance(Duration.ofMinutes(2));

        Map<String, Double> load = provider.currentLoad(Metric.MEMORY);

        assertThat(load).containsEntry("use1-frontend-01", 42.5);
        assertThat(store.askedAccount).isEqualTo("demo");
        assertThat(store.askedMetric).isEqualTo(Metric.MEMORY);
        assertThat(store.askedAt).isEqualTo(SIM.plus(Duration.ofHours(2)));
    }

    @Test
    void generatedAccountStartsPausedAtTheEndOfItsHistory() {
        AccountSnapshot snapshot = SandboxFleetGenerator.generate(
                new SandboxConfig(1, 24, 1, Duration.ofMinutes(5), SIM), "demo", REAL, null);

        SandboxProvider provider = new SandboxProvider(snapshot.account(), store, real, java.util.Optional.empty());
        real.advance(Duration.ofHours(1));

        assertThat(provider.clock().isPaused()).isTrue();
        assertThat(provider.clock().instant()).isEqualTo(SIM);
        assertThat(provider.account()).isSameAs(snapshot.account());
    }

    @Test
    void accountWithoutClockSettingsStandsAtItsCreation() {
        SandboxProvider provider = new SandboxProvider(account(Map.of()), store, real, java.util.Optional.empty());

        assertThat(provider.clock().instant()).isEqualTo(REAL.minus(Duration.ofDays(1)));
    }

    @Test
    void unreadableClockTellsTheOperatorToRegenerate() {
        assertThatThrownBy(() -> new SandboxProvider(account(Map.of("clock_speed", "fast")), store, real, java.util.Optional.empty()))
                .isInstanceOf(HeadroomException.class)
                .satisfies(e -> assertThat(((HeadroomException) e).operatorMessage())
                        .contains("\"demo\"", "clock_speed", "Regenerate"));
    }

    private static Account account(Map<String, String> settings) {
        return new Account("demo", AccountKind.SANDBOX, REAL.minus(Duration.ofDays(1)), settings);
    }

    /** Answers {@code latest} with one fixed sample and remembers what it was asked. */
    private static final class RecordingStore implements FleetStore {
        String askedAccount;
        Metric askedMetric;
        Instant askedAt;

        @Override
        public Map<String, Double> latest(String account, Metric metric, Instant at) {
            askedAccount = account;
            askedMetric = metric;
            askedAt = at;
            return Map.of("use1-frontend-01", 42.5);
        }

        @Override
        public List<Account> accounts() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Account> account(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void replace(AccountSnapshot snapshot) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void saveSettings(String account, Map<String, String> settings) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<AccountSnapshot> load(String account, boolean withMetrics) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SeriesId> seriesIds(String account) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<MetricSeries> series(String account, SeriesId id, Instant from, Instant to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void replaceEvents(String account, List<dev.headroom.domain.ScheduledEvent> events) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String account) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long sizeBytes() {
            return 0;
        }

        @Override
        public void close() {
        }
    }
}
