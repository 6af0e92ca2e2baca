package dev.headroom.persistence;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Host;
import dev.headroom.domain.UpdateOutcome;
import dev.headroom.domain.UpdateRecord;
import dev.headroom.fleet.StoreTestData;
import dev.headroom.forecast.ForecastJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Schema 10's tables through the store: rollout scores and learned updates, written once, kept across replace. */
class RolloutLearningStoreTest {
    @TempDir
    Path dir;

    private static ForecastJournal.RolloutScore score(String rollout, double quantile, double bias) {
        return new ForecastJournal.RolloutScore(rollout, 2, "web", Instant.parse("2026-11-23T03:00:00Z"), quantile, 7,
                1.5, bias, 2 / 7.0, 3.25);
    }

    @Test
    void aScoreWrittenAgainReplacesItselfAndAnUnknownQuantileIsKeptUnknown() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"))) {
            SqliteForecastJournal journal = new SqliteForecastJournal(store);
            journal.saveRolloutScores("a", List.of(score("r1", Double.NaN, 0.5)));
            journal.saveRolloutScores("a", List.of(score("r1", Double.NaN, 0.75), score("r2", 0.9, 1)));

            assertThat(journal.rolloutScores("a", "r1")).containsExactly(score("r1", Double.NaN, 0.75));
            assertThat(journal.recentRolloutScores("a", "web", 10)).extracting(ForecastJournal.RolloutScore::rolloutId)
                    .containsExactly("r2", "r1");
            assertThat(journal.recentRolloutScores("a", "db", 10)).isEmpty();
            assertThat(journal.rolloutScores("b", "r1")).isEmpty();
        }
    }

    @Test
    void learnedUpdatesAreAppendedOnceOutliveAReplaceAndAreHiddenWhileTheirHostIsGone() {
        AccountSnapshot base = StoreTestData.snapshot().named("a").days(1).build();
        UpdateRecord learned = new UpdateRecord("web-1", "web", "1.4.0", "2.0.0", Instant.parse("2026-11-23T02:00:00Z"),
                Instant.parse("2026-11-23T02:40:00Z"), 71.5, UpdateOutcome.ROLLED_BACK);
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"))) {
            store.replace(base);
            store.appendUpdates("a", Map.of("r1/b1/update/web-1", learned));
            store.appendUpdates("a", Map.of("r1/b1/update/web-1", learned));
            assertThat(store.load("a", false).orElseThrow().updateHistory())
                    .containsExactlyElementsOf(concat(base.updateHistory(), learned));

            // a re-import without web-1: its learned update is not shown, and comes back with the host
            List<Host> withoutWeb1 = base.hosts().stream().filter(h -> !h.id().equals("web-1")).toList();
            store.replace(new AccountSnapshot(base.account(), base.instanceTypes(), withoutWeb1, base.services(),
                    base.dependencies(), List.of(), base.releases(),
                    base.updateHistory().stream().filter(u -> !u.hostId().equals("web-1")).toList(), base.events(),
                    base.policy()));
            assertThat(store.load("a", false).orElseThrow().updateHistory()).doesNotContain(learned);
            store.replace(base);
            assertThat(store.load("a", false).orElseThrow().updateHistory()).endsWith(learned).hasSize(
                    base.updateHistory().size() + 1);
        }
    }

    private static List<UpdateRecord> concat(List<UpdateRecord> a, UpdateRecord b) {
        List<UpdateRecord> out = new java.util.ArrayList<>(a);
        out.add(b);
        return out;
    }
}
