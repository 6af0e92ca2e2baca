package dev.headroom.forecast;

import dev.headroom.domain.Capacity;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Host;
import dev.headroom.domain.ScheduledEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EventEffectsTest {
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    static final Duration STEP = Duration.ofMinutes(5);
    static final int DAY = 288;

    /** 21 days of a daily cycle with the "campaign" raising load ×1.5 from 18:00 to 22:00 on days 9 and 16. */
    static History withCampaigns() {
        double[] y = new double[21 * DAY];
        for (int i = 0; i < y.length; i++) {
            y[i] = 40 + 10 * Math.sin(2 * Math.PI * i / DAY);
            int day = i / DAY;
            int minute = (i % DAY) * 5;
            if ((day == 9 || day == 16) && minute >= 18 * 60 && minute < 22 * 60) {
                y[i] *= 1.5;
            }
        }
        return new History("web-1/cpu", T0, STEP, y);
    }

    static ScheduledEvent campaign(int day, double entered) {
        Instant start = T0.plus(Duration.ofDays(day)).plus(Duration.ofHours(18));
        return new ScheduledEvent("campaign", start, start.plus(Duration.ofHours(4)), "frontend", entered);
    }

    @Test
    void effectIsLearnedFromPastEventsOfTheSameNameNotTakenAsEntered() {
        List<ScheduledEvent> events = List.of(campaign(9, 1.1), campaign(16, 1.1), campaign(23, 1.1));
        Map<String, EventEffects.Effect> effects = EventEffects.learn(withCampaigns(), events);
        assertThat(effects.get("campaign").learnedFrom()).isEqualTo(2);
        assertThat(effects.get("campaign").factor()).isCloseTo(1.5, within(1e-9));
        assertThat(effects.get("campaign").describe()).contains("learned from 2 past events");
    }

    @Test
    void withoutPastOccurrencesTheEnteredFactorIsUsed() {
        var effects = EventEffects.learn(withCampaigns(), List.of(new ScheduledEvent("launch",
                T0.plus(Duration.ofDays(22)), T0.plus(Duration.ofDays(22)).plusSeconds(3600), "*", 1.3)));
        assertThat(effects.get("launch").factor()).isEqualTo(1.3);
        assertThat(effects.get("launch").learnedFrom()).isZero();
    }

    @Test
    void cleanedHistoryNoLongerHoldsTheCampaignAndTheForecastGetsItBack() {
        History h = withCampaigns();
        List<ScheduledEvent> events = List.of(campaign(9, 1.1), campaign(16, 1.1), campaign(21, 1.1));
        var effects = EventEffects.learn(h, events);
        History clean = EventEffects.clean(h, events, effects);
        int during = 16 * DAY + 20 * 12; // day 16, 20:00
        assertThat(clean.value(during)).isCloseTo(h.value(during - DAY), within(1e-9));

        // seasonal naive on the cleaned history, then the day-21 campaign multiplied back in
        Forecast f = new CalibratedForecaster(SeasonalNaive.daily(), new IntervalCalibrator()).forecast(clean, DAY);
        Forecast shifted = EventEffects.apply(f, events, effects);
        int k = 20 * 12;
        assertThat(shifted.meanAt(k)).isCloseTo(1.5 * f.meanAt(k), within(1e-9));
        assertThat(shifted.upperOuterAt(k)).isCloseTo(1.5 * f.upperOuterAt(k), within(1e-9));
        assertThat(shifted.meanAt(10 * 12)).isEqualTo(f.meanAt(10 * 12)); // 10:00 is outside the event
        assertThat(shifted.reason()).contains("campaign ×1.50 (learned from 2 past events)");
    }

    @Test
    void eventsApplyByServiceRegionOrEverywhere() {
        Host host = new Host("web-1", List.of("frontend"), "eu-west-1", "eu-west-1a", "m5.large",
                new Capacity(2, 8, 0, 0), 0.1, "v1", Criticality.HIGH, "");
        Instant s = T0;
        Instant e = T0.plusSeconds(3600);
        var events = List.of(new ScheduledEvent("a", s, e, "frontend", 1.2), new ScheduledEvent("b", s, e, "eu-west-1", 1.2),
                new ScheduledEvent("c", s, e, "*", 1.2), new ScheduledEvent("d", s, e, "checkout", 1.2),
                new ScheduledEvent("f", s, e, "us-east-1", 1.2));
        assertThat(EventEffects.applicable(events, host)).extracting(ScheduledEvent::name).containsExactly("a", "b", "c");
    }
}
