package dev.headroom.providers.sandbox;

import dev.headroom.testing.SteppingClock;

import dev.headroom.domain.DomainException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AcceleratedClockTest {
    private static final Instant REAL = Instant.parse("2026-01-05T09:00:00Z");
    private static final Instant SIM = Instant.parse("2025-03-14T12:00:00Z");

    private final SteppingClock real = new SteppingClock(REAL);

    @Test
    void pausedClockStandsStillWhileRealTimePasses() {
        AcceleratedClock clock = AcceleratedClock.paused(SIM, real);

        real.advance(Duration.ofHours(3));

        assertThat(clock.instant()).isEqualTo(SIM);
        assertThat(clock.isPaused()).isTrue();
    }

    @Test
    void runningClockAdvancesSpeedTimesFasterThanRealTime() {
        AcceleratedClock clock = AcceleratedClock.paused(SIM, real).withSpeed(60);

        real.advance(Duration.ofMinutes(1));
        assertThat(clock.instant()).isEqualTo(SIM.plus(Duration.ofHours(1)));

        real.advance(Duration.ofMillis(500));
        assertThat(clock.instant()).isEqualTo(SIM.plus(Duration.ofHours(1)).plusSeconds(30));
        assertThat(clock.millis()).isEqualTo(clock.instant().toEpochMilli());
    }

    @Test
    void fractionalSpeedSlowsTimeDown() {
        AcceleratedClock clock = AcceleratedClock.paused(SIM, real).withSpeed(0.5);

        real.advance(Duration.ofSeconds(10));

        assertThat(clock.instant()).isEqualTo(SIM.plusSeconds(5));
    }

    @Test
    void changingSpeedKeepsSimulatedTimeContinuousAndLeavesTheOriginalUntouched() {
        AcceleratedClock fast = AcceleratedClock.paused(SIM, real).withSpeed(60);
        real.advance(Duration.ofMinutes(2));

        AcceleratedClock paused = fast.withSpeed(0);
        real.advance(Duration.ofMinutes(5));

        assertThat(paused.instant()).isEqualTo(SIM.plus(Duration.ofHours(2)));
        assertThat(fast.instant()).isEqualTo(SIM.plus(Duration.ofHours(7)));
        assertThat(paused.withSpeed(10).instant()).isEqualTo(SIM.plus(Duration.ofHours(2)));
    }

    @Test
    void settingsRestoreARunningClockWhereItWould() {
        AcceleratedClock clock = AcceleratedClock.paused(SIM, real).withSpeed(60);
        real.advance(Duration.ofMinutes(10));

        Map<String, String> settings = clock.toSettings();
        AcceleratedClock restored = AcceleratedClock.fromSettings(settings, Instant.EPOCH, real);

        assertThat(settings).containsEntry("clock_speed", "60")
                .containsEntry("clock_now", SIM.toString())
                .containsEntry("clock_real_anchor", REAL.toString());
        assertThat(restored.instant()).isEqualTo(clock.instant()).isEqualTo(SIM.plus(Duration.ofHours(10)));
    }

    @Test
    void settingsOfAPausedClockHaveNoRealAnchor() {
        AcceleratedClock clock = AcceleratedClock.fromSettings(Map.of("clock_now", SIM.toString(), "clock_speed", "0"),
                Instant.EPOCH, real);

        assertThat(clock.toSettings()).containsOnlyKeys("clock_now", "clock_speed");
        assertThat(clock.instant()).isEqualTo(SIM);
    }

    @Test
    void missingSettingsGiveAPausedClockAtTheFallback() {
        AcceleratedClock clock = AcceleratedClock.fromSettings(Map.of(), SIM, real);

        assertThat(clock.isPaused()).isTrue();
        assertThat(clock.instant()).isEqualTo(SIM);
    }

    @Test
    void unreadableSettingsNameTheirKey() {
        assertThatThrownBy(() -> AcceleratedClock.fromSettings(Map.of("clock_speed", "fast"), SIM, real))
                .isInstanceOf(DomainException.class).extracting(e -> ((DomainException) e).field())
                .isEqualTo("clock_speed");
        assertThatThrownBy(() -> AcceleratedClock.fromSettings(Map.of("clock_now", "yesterday"), SIM, real))
                .isInstanceOf(DomainException.class).extracting(e -> ((DomainException) e).field())
                .isEqualTo("clock_now");
        assertThatThrownBy(() -> AcceleratedClock.fromSettings(Map.of("clock_speed", "60"), SIM, real))
                .isInstanceOf(DomainException.class).extracting(e -> ((DomainException) e).field())
                .isEqualTo("clock_real_anchor");
        assertThatThrownBy(() -> AcceleratedClock.paused(SIM, real).withSpeed(-1))
                .isInstanceOf(DomainException.class).hasMessageStartingWith("clock_speed:");
    }

    @Test
    void fastestClockKeepsCountingThroughARealYear() {
        AcceleratedClock clock = AcceleratedClock.paused(SIM, real).withSpeed(AcceleratedClock.MAX_SPEED);

        real.advance(Duration.ofDays(365));

        assertThat(clock.instant()).isEqualTo(SIM.plus(Duration.ofDays(365).multipliedBy(2_592_000)));
    }

    @Test
    void withZoneChangesOnlyTheZone() {
        AcceleratedClock clock = AcceleratedClock.paused(SIM, real).withSpeed(60);
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");

        AcceleratedClock zoned = clock.withZone(tokyo);
        real.advance(Duration.ofMinutes(1));

        assertThat(zoned.getZone()).isEqualTo(tokyo);
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(zoned.instant()).isEqualTo(clock.instant());
    }
}
