package dev.headroom.forecast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A journal in memory, for tests whose store is in memory too. */
public final class InMemoryForecastJournal implements ForecastJournal {
    private record Run(long id, String account, Instant madeAt, List<Entry> entries) {
    }

    private final List<Run> runs = new ArrayList<>();
    private final List<Score> scores = new ArrayList<>();
    private final Set<String> scored = new HashSet<>();
    private final java.util.Map<String, Object[]> rolloutScores = new java.util.TreeMap<>();

    @Override
    public synchronized long record(String account, Instant madeAt, List<Entry> entries) {
        long id = runs.size() + 1L;
        runs.add(new Run(id, account, madeAt, List.copyOf(entries)));
        return id;
    }

    @Override
    public synchronized List<Pending> dueForScoring(String account, Instant until) {
        List<Pending> out = new ArrayList<>();
        for (Run r : runs) {
            for (Entry e : r.entries()) {
                Forecast f = e.forecast();
                if (r.account().equals(account) && !f.time(f.horizon()).isAfter(until)
                        && !scored.contains(r.id() + "/" + f.seriesId())) {
                    out.add(new Pending(r.id(), r.madeAt(), e));
                }
            }
        }
        return out;
    }

    @Override
    public synchronized void saveScore(String account, Score score) {
        scored.add(score.run() + "/" + score.seriesId());
        scores.add(score);
    }

    @Override
    public synchronized List<Score> scores(String account, String seriesId, int limit) {
        return scores.stream().filter(s -> s.seriesId().equals(seriesId))
                .sorted(Comparator.comparing(Score::madeAt).reversed()).limit(limit).toList();
    }

    @Override
    public synchronized void saveRolloutScores(String account, List<RolloutScore> scores) {
        for (RolloutScore s : scores) {
            rolloutScores.put(s.rolloutId() + "/" + s.batch() + "/" + s.service(), new Object[] {account, s});
        }
    }

    @Override
    public synchronized List<RolloutScore> rolloutScores(String account, String rolloutId) {
        return ofAccount(account).filter(s -> s.rolloutId().equals(rolloutId))
                .sorted(Comparator.comparingInt(RolloutScore::batch).thenComparing(RolloutScore::service)).toList();
    }

    @Override
    public synchronized List<RolloutScore> recentRolloutScores(String account, String service, int limit) {
        return ofAccount(account).filter(s -> s.service().equals(service))
                .sorted(Comparator.comparing(RolloutScore::scoredAt).thenComparing(RolloutScore::rolloutId)
                        .thenComparingInt(RolloutScore::batch).reversed()).limit(limit).toList();
    }

    private java.util.stream.Stream<RolloutScore> ofAccount(String account) {
        return rolloutScores.values().stream().filter(v -> v[0].equals(account)).map(v -> (RolloutScore) v[1]);
    }

    /** How many forecasts were recorded, for assertions. */
    public synchronized int recorded() {
        return runs.stream().mapToInt(r -> r.entries().size()).sum();
    }
}
