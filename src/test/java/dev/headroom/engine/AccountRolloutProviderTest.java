package dev.headroom.engine;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.HeadroomException;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.providers.Provider;
import dev.headroom.providers.ProviderRegistry;
import dev.headroom.rollout.RolloutProvider;
import dev.headroom.rollout.ServiceObservation;
import dev.headroom.rollout.ShadowReport;
import dev.headroom.rollout.UpdateReply;
import dev.headroom.rollout.VersionTrigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Each rollout call goes to the execution side of the account it names (the simulated one for the
 * sandbox and imported scenarios); a read-only connected account refuses.
 */
class AccountRolloutProviderTest {
    @TempDir
    Path dir;
    private SqliteStore store;
    private final List<String> calls = new ArrayList<>();

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("headroom.db"));
        for (AccountKind kind : List.of(AccountKind.SANDBOX, AccountKind.FILES, AccountKind.KUBERNETES,
                AccountKind.PROMETHEUS)) {
            store.replace(new AccountSnapshot(new Account(kind.label() + "-1", kind, Instant.EPOCH, Map.of()), List.of(),
                    List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Optional.empty()));
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A provider (of the given execution side) that records which side each call reached. */
    private RolloutProvider recording(String side) {
        return (RolloutProvider) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {RolloutProvider.class},
                (proxy, method, args) -> {
                    // the account is the first argument, or the second after an idempotency key
                    boolean keyed = List.of("reserve", "release", "restoreTraffic", "shadow").contains(method.getName());
                    calls.add(side + ":" + method.getName() + ":" + args[keyed ? 1 : 0]);
                    return switch (method.getName()) {
                        case "reserve" -> 1;
                        case "healthy" -> true;
                        case "appliedUpdate", "observe" -> Optional.empty();
                        default -> null;
                    };
                });
    }

    private Provider withRollouts(Optional<RolloutProvider> rollouts) {
        return (Provider) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Provider.class},
                (proxy, method, args) -> method.getName().equals("rollouts") ? rollouts : null);
    }

    @Test
    void callsGoToTheNamedAccountsSideAndAReadOnlyAccountRefuses() {
        RolloutProvider cluster = recording("kubernetes");
        int[] built = {0};
        ProviderRegistry registry = new ProviderRegistry(store, Optional.empty(), Map.of(
                AccountKind.KUBERNETES, a -> {
                    built[0]++;
                    return withRollouts(Optional.of(cluster));
                },
                AccountKind.PROMETHEUS, a -> withRollouts(Optional.empty())));
        AccountRolloutProvider router = new AccountRolloutProvider(recording("sandbox"), registry, store);

        assertThat(router.reserve("k1", "sandbox-1", "web", "r", "t", 1)).isEqualTo(1);
        router.release("k0", "files-1", "k0");
        assertThat(router.reserve("k2", "kubernetes-1", "web", "r", "t", 1)).isEqualTo(1);
        assertThat(router.healthy("kubernetes-1", "node-1")).isTrue();
        router.restoreTraffic("k3", "kubernetes-1", "node-1");
        assertThat(calls).containsExactly("sandbox:reserve:sandbox-1", "sandbox:release:files-1",
                "kubernetes:reserve:kubernetes-1",
                "kubernetes:healthy:kubernetes-1", "kubernetes:restoreTraffic:kubernetes-1");
        assertThat(built[0]).as("one client per account").isEqualTo(1);

        Throwable refused = catchThrowable(() -> router.reserve("k4", "prometheus-1", "web", "r", "t", 1));
        assertThat(refused).isInstanceOf(HeadroomException.class);
        assertThat(((HeadroomException) refused).operatorMessage()).contains("prometheus account")
                .contains("a rollout cannot run on it");
        Throwable missing = catchThrowable(() -> router.healthy("nowhere", "h"));
        assertThat(((HeadroomException) missing).operatorMessage()).contains("no account named \"nowhere\"");
    }
}
