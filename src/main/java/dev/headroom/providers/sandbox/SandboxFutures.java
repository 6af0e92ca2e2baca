package dev.headroom.providers.sandbox;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.DomainException;
import dev.headroom.domain.Policy;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.Window;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The generated future of each sandbox account, made once and kept: generating a fleet's future
 * takes seconds, and a rollout observes it every tick.
 *
 * <p>The future of an account runs to a fixed {@linkplain #horizon horizon}: the end of its
 * policy's window (the same length the planner's replay generates, so the rollout meets the load
 * the replay scored), and at least a day past its history. It is never extended on demand,
 * because the generator places its incidents by the length of what it generates: a longer future
 * would be another world, and the observations of one rollout must all come from the same one.
 */
public final class SandboxFutures {
    static final Duration MIN_FUTURE = Duration.ofDays(1);

    private final Function<AccountSnapshot, Optional<FutureLoad>> source;
    private final int size;
    private final Map<String, Optional<FutureLoad>> cache;

    /**
     * @param source makes an account's future from its stored snapshot (without metrics); empty when it has none
     * @param size   how many accounts' futures are kept; the least recently used goes first
     */
    public SandboxFutures(Function<AccountSnapshot, Optional<FutureLoad>> source, int size) {
        this.source = source;
        this.size = size;
        this.cache = new LinkedHashMap<>(4, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Optional<FutureLoad>> eldest) {
                return size() > SandboxFutures.this.size;
            }
        };
    }

    /** The account's future, generated on first use; empty when the account has no generator (see {@link #generate}). */
    public synchronized Optional<FutureLoad> of(AccountSnapshot stored) {
        // the generator's settings and the policy's window decide the world (the clock's settings do not):
        // a regenerated account or a new window is a new key
        String key = stored.account().name() + "\u0000" + generatorSettings(stored.account()) + "\u0000"
                + stored.policy().flatMap(Policy::window).map(Window::end).map(Instant::toString).orElse("");
        Optional<FutureLoad> cached = cache.get(key);
        if (cached == null) {
            cached = source.apply(stored);
            cache.put(key, cached);
        }
        return cached;
    }

    /**
     * The generator's future of a sandbox account up to its {@link #horizon}; empty for an
     * account that is not a generated sandbox (imported and test accounts have no generator, so
     * no future to observe) or whose generator settings cannot be read.
     */
    public static Optional<FutureLoad> generate(AccountSnapshot stored) {
        Account account = stored.account();
        if (account.kind() != AccountKind.SANDBOX) {
            return Optional.empty();
        }
        SandboxConfig config;
        try {
            config = SandboxConfig.fromSettings(account.settings());
        } catch (DomainException e) {
            return Optional.empty();
        }
        return Optional.of(FutureLoad.of(SandboxFuture.until(account, horizon(config, stored.policy()),
                ProgressListener.NONE)));
    }

    private static String generatorSettings(Account account) {
        try {
            return SandboxConfig.fromSettings(account.settings()).toSettings().toString();
        } catch (DomainException e) {
            return "unreadable";
        }
    }

    /** The end of the policy's window, and at least {@link #MIN_FUTURE} past the history. */
    static Instant horizon(SandboxConfig config, Optional<Policy> policy) {
        Instant least = config.historyEnd().plus(MIN_FUTURE);
        Instant windowEnd = policy.flatMap(Policy::window).map(Window::end).orElse(least);
        return windowEnd.isAfter(least) ? windowEnd : least;
    }
}
