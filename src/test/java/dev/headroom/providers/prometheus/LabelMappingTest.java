package dev.headroom.providers.prometheus;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator-editable mapping from labels to hosts and services, and the queries it shapes. */
class LabelMappingTest {

    @Test
    void theDefaultHostIsTheInstanceWithoutItsPort() {
        LabelMapping m = LabelMapping.defaults();
        assertThat(m.host("10.0.0.7:9100")).hasValue("10.0.0.7");
        assertThat(m.host("web-1.prod:9100")).hasValue("web-1.prod");
        assertThat(m.host("web-1")).as("no port: kept").hasValue("web-1");
        assertThat(m.host("")).isEmpty();
        assertThat(m.service("node")).hasValue("node");
    }

    @Test
    void theKubernetesPresetNamesServicesWithoutTheReplicaSetHash() {
        LabelMapping m = LabelMapping.kubernetes();
        assertThat(m.hostLabel()).isEqualTo("node");
        assertThat(m.serviceSource()).isEqualTo(LabelMapping.ServiceSource.KUBE_POD_INFO);
        assertThat(m.service("checkout-7d9f8c6b5")).hasValue("checkout");
        assertThat(m.service("redis-cart")).as("a StatefulSet keeps its name").hasValue("redis-cart");
        assertThat(m.host("ip-10-0-1-23.eu-west-1.compute.internal")).hasValue("ip-10-0-1-23.eu-west-1.compute.internal");
    }

    @Test
    void aMappingSurvivesItsSettingsStringEvenWithSemicolonsAndPercentInARegex() {
        LabelMapping m = LabelMapping.parse("host=node;host_regex=(.+?)(?:%3B.*)?;service=app;service_regex=svc-(.+)%25?;"
                + "region=cloud_region;zone=;instance_type=type", LabelMapping.defaults());
        assertThat(m.hostRegex().pattern()).isEqualTo("(.+?)(?:;.*)?");
        assertThat(m.serviceRegex().pattern()).isEqualTo("svc-(.+)%?");
        assertThat(m.zoneLabel()).as("empty: not labelled").isEmpty();
        assertThat(m.host("n1;extra")).hasValue("n1");
        assertThat(m.service("svc-cart")).hasValue("cart");
        LabelMapping again = LabelMapping.parse(m.serialise(), LabelMapping.kubernetes());
        assertThat(again.serialise()).isEqualTo(m.serialise());
        assertThat(again.hostRegex().pattern()).isEqualTo(m.hostRegex().pattern());
    }

    @Test
    void keysLeftOutKeepThePresets() {
        LabelMapping m = LabelMapping.parse("service=app", LabelMapping.defaults());
        assertThat(m.hostLabel()).isEqualTo("instance");
        assertThat(m.serviceLabel()).isEqualTo("app");
        assertThat(m.regionLabel()).isEqualTo("region");
    }

    @Test
    void theDefaultCpuQueryGroupsByTheMappedHostLabelWithTheSelector() {
        PrometheusSettings s = PrometheusSettings.parse("prod", Map.of(PrometheusSettings.URL, "http://p:9090",
                PrometheusSettings.MAPPING, "host=node;service=app", PrometheusSettings.SELECTOR, "job=\"node\""));
        assertThat(DefaultQueries.expand(DefaultQueries.NODE_CPU, s, Duration.ofMinutes(10))).isEqualTo(
                "100 * (1 - avg by (node) (rate(node_cpu_seconds_total{mode=\"idle\",job=\"node\"}[10m])))");
        assertThat(DefaultQueries.expand(DefaultQueries.NODE_HOSTS, s, Duration.ofMinutes(5))).isEqualTo(
                "group by (node, region, zone, instance_type, app) (node_cpu_seconds_total{mode=\"idle\",job=\"node\"})");
        assertThat(DefaultQueries.expand(DefaultQueries.NODE_MEMORY, s, Duration.ofMinutes(5))).isEqualTo(
                "100 * (1 - sum by (node) (node_memory_MemAvailable_bytes{node!=\"\",job=\"node\"})"
                        + " / sum by (node) (node_memory_MemTotal_bytes{node!=\"\",job=\"node\"}))");
    }
}
