package dev.headroom.ui.forecast;

import dev.headroom.domain.Host;
import dev.headroom.domain.Metric;
import dev.headroom.forecast.LoadScores.HostScore;

import java.time.Instant;
import java.util.Locale;

/**
 * One line of the load-score table: a host's scores for the chosen window. Scores are
 * {@code NaN} when the host has no forecast covering the window.
 *
 * @param peakMetric the metric whose upper bound set the load score; {@code null} when unknown
 * @param peakAt     when that peak is predicted; {@code null} when unknown
 */
public record ScoreRow(String hostId, String services, String region, double loadScore, double capacity,
                       double criticalityScore, Metric peakMetric, Instant peakAt) {

    static ScoreRow of(Host host, HostScore score) {
        return new ScoreRow(host.id(), String.join(", ", host.services()), host.region(), score.loadScore(),
                score.capacity(), score.criticalityScore(), score.peakMetric(), score.peakAt());
    }

    /** Whether every word of {@code query} occurs in the host id, its services or its region. */
    public boolean matches(String query) {
        if (query == null || query.isBlank()) {
            return true;
        }
        String haystack = String.join("\u0000", hostId, services, region).toLowerCase(Locale.ROOT);
        for (String word : query.trim().toLowerCase(Locale.ROOT).split("\\s+")) {
            if (!haystack.contains(word)) {
                return false;
            }
        }
        return true;
    }
}
