package dev.headroom.providers.kubernetes;

import dev.headroom.testing.MapSecretStore;
import dev.headroom.credentials.SecretStore;
import dev.headroom.domain.HeadroomException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The settings of a Kubernetes account: defaults, a round trip through {@code toSettings}, an
 * operator message naming each bad key; and connecting through a kubeconfig file (missing file,
 * unknown context, a token from the secret store, an unreachable server, refused credentials).
 */
class KubernetesSettingsTest {

    @Test
    void theDefaultsAreAnnotationHandoffAndTheKubeconfigsOwnCredentials() {
        KubernetesSettings s = KubernetesSettings.parse("prod", Map.of());
        assertThat(s.kubeconfig()).isEqualTo(KubernetesSettings.DEFAULT_KUBECONFIG);
        assertThat(s.kubeconfigPath()).isEqualTo(Path.of(System.getProperty("user.home"), ".kube", "config"));
        assertThat(s.context()).isEmpty();
        assertThat(s.namespaces()).isEmpty();
        assertThat(s.handoff()).isEqualTo(KubernetesSettings.Handoff.ANNOTATION);
        assertThat(s.handoffKey()).isEqualTo("headroom.dev/target-version");
        assertThat(s.token()).isEqualTo(KubernetesSettings.TokenSource.KUBECONFIG);
        assertThat(s.evictionTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.backoffInitial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.backoffMax()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.conflictRetries()).isEqualTo(5);
        assertThat(s.updateTakes()).isEmpty();
        assertThat(s.evictUnmanaged()).isFalse();
        assertThat(s.liveLoad()).isEqualTo(KubernetesSettings.LiveLoad.NONE);
    }

    @Test
    void everySettingSurvivesARoundTrip() {
        Map<String, String> in = new LinkedHashMap<>(ShopCluster.fastSettings());
        in.put(KubernetesSettings.NAMESPACES, "shop, payments");
        in.put(KubernetesSettings.HANDOFF, "hook");
        in.put(KubernetesSettings.HANDOFF_HOOK, "/usr/local/bin/update-node {node} {version}");
        in.put(KubernetesSettings.HOOK_TIMEOUT, "120");
        in.put(KubernetesSettings.SURGE, "web=shop/web-surge,pay=payments/pay");
        in.put(KubernetesSettings.UPDATE_TAKES, "900");
        in.put(KubernetesSettings.TOKEN, "secret_store");
        in.put(KubernetesSettings.EVICT_UNMANAGED, "true");
        in.put(KubernetesSettings.LIVE_LOAD, "metrics_api");
        KubernetesSettings s = KubernetesSettings.parse("prod", in);
        assertThat(s.namespaces()).containsExactly("shop", "payments");
        assertThat(s.handoffHook()).containsExactly("/usr/local/bin/update-node", "{node}", "{version}");
        assertThat(s.surge()).containsEntry("pay", new KubernetesSettings.SurgeTarget("payments", "pay"));
        assertThat(s.updateTakes()).hasValue(Duration.ofMinutes(15));
        assertThat(KubernetesSettings.parse("prod", s.toSettings())).isEqualTo(s);
        assertThat(s.toSettings()).doesNotContainKey(KubernetesSettings.TOKEN_FIELD);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "eviction_timeout_seconds | abc              | must be a whole number",
        "conflict_retries         | -1               | must be a whole number from 0 to 100",
        "surge                    | web              | write service=namespace/deployment",
        "surge                    | web=Shop/web     | write service=namespace/deployment",
        "handoff                  | ssh              | write label, annotation or hook",
        "handoff_key              | bad key          | is not a label or annotation key",
        "namespaces               | shop,Bad_NS      | is not a namespace name",
        "instance_prices          | m5.large=0.1/0.2 | spot at most on-demand",
        "token                    | file             | write kubeconfig",
        "evict_unmanaged          | yes              | must be true or false",
        "live_load                | prometheus       | write none or metrics_api",
        "kubecontext              | prod             | is not a Kubernetes setting"
    })
    void aBadSettingIsNamedWithWhatToWrite(String key, String value, String advice) {
        assertThatThrownBy(() -> KubernetesSettings.parse("prod", Map.of(key, value)))
                .isInstanceOf(HeadroomException.class)
                .satisfies(e -> assertThat(((HeadroomException) e).operatorMessage())
                        .contains("Kubernetes account \"prod\"").contains("setting " + key)
                        .contains(value.strip()).contains(advice));
    }

    @Test
    void aHookHandoffNeedsItsCommand() {
        assertThatThrownBy(() -> KubernetesSettings.parse("prod", Map.of("handoff", "hook")))
                .isInstanceOf(HeadroomException.class).hasMessageContaining("setting handoff_hook")
                .hasMessageContaining("give the command");
    }

    // --- connecting through a kubeconfig ---

    private static Path kubeconfig(Path dir, String server) throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: tester
                - name: staging
                  context:
                    cluster: mock
                    user: tester
                current-context: mock
                users:
                - name: tester
                  user: {}
                """.formatted(server));
        return file;
    }

    private static Map<String, String> settings(Path kubeconfig, String context) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(KubernetesSettings.KUBECONFIG, kubeconfig.toString());
        if (context != null) {
            s.put(KubernetesSettings.CONTEXT, context);
        }
        return s;
    }

    @Test
    void aMissingKubeconfigIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> KubernetesProvider.open(ShopCluster.account(settings(missing, null)), new MapSecretStore()))
                .isInstanceOf(HeadroomException.class).hasMessageContaining(missing.toString())
                .hasMessageContaining("setting kubeconfig").hasMessageContaining("does not exist");
    }

    @Test
    void anUnknownContextListsTheContextsThere(@TempDir Path dir) throws Exception {
        Path file = kubeconfig(dir, "http://127.0.0.1:1");
        assertThatThrownBy(() -> KubernetesProvider.open(ShopCluster.account(settings(file, "prod")), new MapSecretStore()))
                .isInstanceOf(HeadroomException.class).hasMessageContaining("no context \"prod\"")
                .hasMessageContaining("setting context").hasMessageContaining("mock, staging");
    }

    @Test
    void aFileThatIsNotAKubeconfigIsNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, "clusters: [unclosed\n");
        assertThatThrownBy(() -> KubernetesProvider.open(ShopCluster.account(settings(file, null)), new MapSecretStore()))
                .isInstanceOf(HeadroomException.class)
                .satisfies(e -> assertThat(((HeadroomException) e).operatorMessage())
                        .contains("cannot be read as a kubeconfig").contains("setting kubeconfig")
                        .contains("kubectl config view"));
    }

    @Test
    void theKubeconfigIsReferencedAndTheTokenComesFromTheSecretStore(@TempDir Path dir) throws Exception {
        try (ScriptedCluster cluster = new ScriptedCluster()) {
            ShopCluster.create(cluster.client);
            Path file = kubeconfig(dir, cluster.client.getMasterUrl().toString());
            Map<String, String> s = settings(file, null);
            s.put(KubernetesSettings.TOKEN, "secret_store");
            MapSecretStore secrets = new MapSecretStore();
            assertThatThrownBy(() -> KubernetesProvider.open(ShopCluster.account(s), secrets))
                    .isInstanceOf(HeadroomException.class)
                    .hasMessageContaining("headroom/" + ShopCluster.ACCOUNT + "/kubernetes_token")
                    .hasMessageContaining("the test's secret map");

            secrets.put(SecretStore.reference(ShopCluster.ACCOUNT, KubernetesSettings.TOKEN_FIELD),
                    "canary-7f3a9".toCharArray());
            try (KubernetesProvider provider = KubernetesProvider.open(ShopCluster.account(s), secrets)) {
                assertThat(provider.check()).contains("context mock").contains("3 nodes");
                assertThat(cluster.lastAuthorization()).isEqualTo("Bearer canary-7f3a9");
                assertThat(provider.settings().toSettings()).containsEntry(KubernetesSettings.KUBECONFIG, file.toString())
                        .allSatisfy((k, v) -> assertThat(v).doesNotContain("canary"));
                assertThat(provider.account().settings().values()).noneMatch(v -> v.contains("canary"));
            }
        }
    }

    @Test
    void anUnreachableServerAndRefusedCredentialsAreOperatorMessages(@TempDir Path dir) throws Exception {
        Path file = kubeconfig(dir, "http://127.0.0.1:1");
        try (KubernetesProvider provider = KubernetesProvider.open(ShopCluster.account(settings(file, "staging")),
                new MapSecretStore())) {
            assertThatThrownBy(provider::check).isInstanceOf(HeadroomException.class)
                    .satisfies(e -> assertThat(((HeadroomException) e).operatorMessage())
                            .contains("could not be reached").contains("context staging"));
        }
        try (ScriptedCluster cluster = new ScriptedCluster()) {
            cluster.script("GET /version", 401);
            Path other = kubeconfig(Files.createDirectories(dir.resolve("b")), cluster.client.getMasterUrl().toString());
            try (KubernetesProvider provider = KubernetesProvider.open(ShopCluster.account(settings(other, null)),
                    new MapSecretStore())) {
                assertThatThrownBy(provider::check).isInstanceOf(HeadroomException.class)
                        .satisfies(e -> assertThat(((HeadroomException) e).operatorMessage())
                                .contains("refused the credentials of context mock"));
            }
        }
    }
}
