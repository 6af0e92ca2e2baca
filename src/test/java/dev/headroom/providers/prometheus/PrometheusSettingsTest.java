package dev.headroom.providers.prometheus;

import dev.headroom.domain.HeadroomException;
import dev.headroom.providers.prometheus.PrometheusSettings.Auth;
import dev.headroom.providers.prometheus.PrometheusSettings.Preset;
import dev.headroom.providers.prometheus.PrometheusSettings.QueryKind;
import dev.headroom.providers.prometheus.PrometheusSettings.ServiceGraph;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Account settings of a Prometheus account: defaults, the round trip, and a message naming each bad key. */
class PrometheusSettingsTest {

    private static Map<String, String> with(String... kv) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(PrometheusSettings.URL, "http://prometheus:9090");
        for (int i = 0; i < kv.length; i += 2) {
            s.put(kv[i], kv[i + 1]);
        }
        return s;
    }

    private static String refused(String... kv) {
        HeadroomException e = catchThrowableOfType(() -> PrometheusSettings.parse("prod", with(kv)),
                HeadroomException.class);
        assertThat(e).as("refused: %s", String.join(" ", kv)).isNotNull();
        return e.operatorMessage();
    }

    @Test
    void onlyTheUrlIsNeededAndEveryOtherKeyHasItsDocumentedDefault() {
        PrometheusSettings s = PrometheusSettings.parse("prod", with());
        assertThat(s.url()).isEqualTo(URI.create("http://prometheus:9090"));
        assertThat(s.auth()).isEqualTo(Auth.NONE);
        assertThat(s.caFile()).isEmpty();
        assertThat(s.insecureSkipVerify()).isFalse();
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.queryTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.maxPointsPerQuery()).isEqualTo(11_000);
        assertThat(s.rateWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.historyStep()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.historyRange()).isEqualTo(Duration.ofDays(14));
        assertThat(s.preset()).isEqualTo(Preset.NODE_EXPORTER);
        assertThat(s.mapping()).isEqualTo(LabelMapping.defaults());
        assertThat(s.serviceGraph()).isEqualTo(ServiceGraph.NONE);
        assertThat(s.serviceGraphWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(s.defaultRegion()).isEqualTo("default");
        assertThat(s.defaultZone()).isEqualTo("default");
        assertThat(s.queryTemplate(QueryKind.CPU)).isEqualTo(DefaultQueries.NODE_CPU);
        assertThat(s.queryTemplate(QueryKind.SERVICE_GRAPH)).isEmpty();
    }

    @Test
    void toSettingsReadsBackToTheSameSettings() {
        PrometheusSettings s = PrometheusSettings.parse("prod", with(PrometheusSettings.AUTH, "basic",
                PrometheusSettings.USERNAME, "grafana", PrometheusSettings.TLS_CA_FILE, "/etc/ssl/private-ca.pem",
                PrometheusSettings.QUERY_TIMEOUT, "90s", PrometheusSettings.MAX_POINTS_PER_QUERY, "5000",
                PrometheusSettings.RATE_WINDOW, "2m", PrometheusSettings.HISTORY_STEP, "60s",
                PrometheusSettings.HISTORY_RANGE, "30d", PrometheusSettings.PRESET, "kubernetes",
                PrometheusSettings.MAPPING, "zone=az;host_regex=(.*)\\.cluster\\.local",
                PrometheusSettings.SELECTOR, "cluster=\"eu1\"", "query.memory", "avg by (node) (mem_used_percent)",
                PrometheusSettings.SERVICE_GRAPH, "otel", PrometheusSettings.DEFAULT_REGION, "eu-west-1"));
        PrometheusSettings again = PrometheusSettings.parse("prod", s.toSettings());
        assertThat(again.toSettings()).isEqualTo(s.toSettings());
        assertThat(again.mapping().hostRegex().pattern()).isEqualTo("(.*)\\.cluster\\.local");
        assertThat(again.mapping().zoneLabel()).isEqualTo("az");
        assertThat(again.mapping().hostLabel()).as("the kubernetes preset's").isEqualTo("node");
        assertThat(again.historyStep()).isEqualTo(Duration.ofMinutes(1));
        assertThat(again.historyRange()).isEqualTo(Duration.ofDays(30));
        assertThat(again.caFile()).hasValue(Path.of("/etc/ssl/private-ca.pem"));
        assertThat(again.queryTemplate(QueryKind.MEMORY)).isEqualTo("avg by (node) (mem_used_percent)");
        assertThat(again.queryTemplate(QueryKind.CPU)).isEqualTo(DefaultQueries.KUBE_CPU);
        assertThat(again.queryTemplate(QueryKind.SERVICE_GRAPH)).isEqualTo(DefaultQueries.OTEL_GRAPH);
        assertThat(s.toSettings()).as("the secret is never a setting").doesNotContainKey("password")
                .doesNotContainKey("token").doesNotContainKey(PrometheusSettings.SECRET_FIELD);
    }

    @Test
    void aTrailingSlashIsDroppedAndAPathPrefixKept() {
        assertThat(PrometheusSettings.parse("prod", Map.of(PrometheusSettings.URL, "https://obs.example.com/prometheus/"))
                .url()).isEqualTo(URI.create("https://obs.example.com/prometheus"));
    }

    @Test
    void aMissingUrlSaysWhatToGive() {
        HeadroomException e = catchThrowableOfType(() -> PrometheusSettings.parse("prod", Map.of()), HeadroomException.class);
        assertThat(e.operatorMessage()).isEqualTo("Prometheus account \"prod\", setting url: is missing; give the base URL "
                + "of the Prometheus HTTP API, e.g. http://prometheus:9090.");
    }

    @Test
    void eachBadValueNamesItsKey() {
        assertThat(refused(PrometheusSettings.URL, "ftp://prometheus")).contains("setting url: \"ftp://prometheus\" is not an http or https URL");
        assertThat(refused(PrometheusSettings.URL, "http://prometheus:9090/api/v1")).contains("setting url: ends with /api/v1");
        assertThat(refused(PrometheusSettings.AUTH, "oauth")).contains("setting auth: \"oauth\" is not one of none, bearer, basic");
        assertThat(refused(PrometheusSettings.AUTH, "basic")).contains("setting username: is empty but auth is basic");
        assertThat(refused(PrometheusSettings.TLS_INSECURE_SKIP_VERIFY, "maybe")).contains("setting tls_insecure_skip_verify");
        assertThat(refused(PrometheusSettings.QUERY_TIMEOUT, "ten")).contains("setting query_timeout: \"ten\" is not a duration");
        assertThat(refused(PrometheusSettings.MAX_POINTS_PER_QUERY, "20000"))
                .contains("setting max_points_per_query: \"20000\" is not a whole number from 2 to 11000");
        assertThat(refused(PrometheusSettings.HISTORY_STEP, "500ms")).contains("setting history_step: \"500ms\" is not whole seconds");
        assertThat(refused(PrometheusSettings.HISTORY_RANGE, "1m")).contains("setting history_range: is shorter than history_step");
        assertThat(refused(PrometheusSettings.PRESET, "aws")).contains("setting preset");
        assertThat(refused(PrometheusSettings.SERVICE_GRAPH, "linkerd")).contains("setting service_graph: \"linkerd\" is not one of none, istio, otel");
        assertThat(refused(PrometheusSettings.SELECTOR, "{job=\"node\"}")).contains("setting selector").contains("write only the matchers");
        assertThat(refused("query.gpu", "x")).contains("setting query.gpu: is not a query that can be overridden");
        assertThat(refused("pasword", "x")).contains("setting pasword: is not a Prometheus setting");
        assertThat(refused(PrometheusSettings.HOURLY_USD_PER_CORE, "-1")).contains("setting hourly_usd_per_core");
        assertThat(refused(PrometheusSettings.DEFAULT_ZONE, "eu west")).contains("setting default_zone");
    }

    @Test
    void aPasswordInTheUrlIsRefusedWithoutRepeatingIt() {
        String message = refused(PrometheusSettings.URL, "https://admin:hunter2@prometheus:9090");
        assertThat(message).contains("setting url: contains a user name or password")
                .contains("store the password in the secret store").doesNotContain("hunter2");
    }

    @Test
    void aBadMappingNamesTheMappingKey() {
        assertThat(refused(PrometheusSettings.MAPPING, "host=instance;host_regex=(unclosed"))
                .contains("Prometheus setting mapping: host_regex \"(unclosed\" is not a regular expression");
        assertThat(refused(PrometheusSettings.MAPPING, "hostname=instance")).contains("key \"hostname\" is unknown");
        assertThat(refused(PrometheusSettings.MAPPING, "host=kubernetes.io/hostname"))
                .contains("host \"kubernetes.io/hostname\" is not a Prometheus label name");
        assertThat(refused(PrometheusSettings.MAPPING, "service_source=consul")).contains("use label or kube_pod_info");
    }

    @Test
    void durationsReadAndWriteInPrometheusStyle() {
        assertThat(PrometheusSettings.parseDuration("90s")).hasValue(Duration.ofSeconds(90));
        assertThat(PrometheusSettings.parseDuration("1w")).hasValue(Duration.ofDays(7));
        assertThat(PrometheusSettings.parseDuration("0s")).isEmpty();
        assertThat(PrometheusSettings.parseDuration("5 minutes")).isEqualTo(Optional.empty());
        assertThat(PrometheusSettings.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(PrometheusSettings.format(Duration.ofMinutes(120))).isEqualTo("2h");
        assertThat(PrometheusSettings.format(Duration.ofMillis(400))).isEqualTo("400ms");
    }
}
