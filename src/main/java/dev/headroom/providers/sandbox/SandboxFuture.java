package dev.headroom.providers.sandbox;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.ProgressListener;

import java.time.Duration;
import java.time.Instant;

/**
 * The sandbox's "future": the same fleet generated with its history running on past the
 * account's clock, so that a plan made at the clock can be replayed against load that the
 * planner did not see. The history before the clock is generated again from the same seed and
 * configuration, with the same scheduled events; only the samples after it are new.
 */
public final class SandboxFuture {
    private SandboxFuture() {
    }

    /** The account's fleet with samples until at least {@code until}. */
    public static AccountSnapshot until(Account account, Instant until, ProgressListener progress) {
        SandboxConfig config = SandboxConfig.fromSettings(account.settings());
        long extra = Math.max(1, (Duration.between(config.historyEnd(), until).toSeconds() + 86_399) / 86_400);
        // historyStart = historyEnd − days stays where it was: days and end move together
        SandboxConfig longer = new SandboxConfig(config.seed(), config.hostCount(), config.days() + (int) extra,
                config.step(), config.historyEnd().plus(Duration.ofDays(extra)));
        // the events stay where the account's own history put them: the flash sale it announces is the
        // one that comes
        return SandboxFleetGenerator.generate(longer, account.name(), account.created(), config.historyEnd(),
                progress);
    }
}
