package dev.headroom.forecast;

import dev.headroom.domain.SeriesId;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Forecasts of an account's series made at one instant. A series that could not be forecast is
 * in {@code skipped} with the reason instead, so a view never shows a made-up line for it.
 */
public record FleetForecast(String account, Instant at, Map<SeriesId, Forecast> forecasts,
                            Map<SeriesId, String> skipped) {
    public FleetForecast {
        forecasts = java.util.Collections.unmodifiableMap(new TreeMap<>(forecasts));
        skipped = java.util.Collections.unmodifiableMap(new TreeMap<>(skipped));
    }
}
