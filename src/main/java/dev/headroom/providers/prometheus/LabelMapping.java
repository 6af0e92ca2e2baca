package dev.headroom.providers.prometheus;

import dev.headroom.domain.HeadroomException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How series labels name Headroom's hosts and services; the operator edits it, and it is stored in
 * one account setting ({@link PrometheusSettings#MAPPING}) as {@code key=value} pairs separated by
 * {@code ;} (a {@code ;} or {@code %} inside a value is written {@code %3B} / {@code %25}, so a
 * regex survives unchanged).
 *
 * <p>Keys: {@code host} (label naming the host, default {@code instance}; {@code node} on
 * Kubernetes), {@code host_regex} (full-match regex over that label's value whose group 1 is the
 * host id; default strips a {@code :port}), {@code service_source} ({@code label}: a label on the
 * host's node-exporter series; {@code kube_pod_info}: the pods kube-state-metrics places on each
 * node), {@code service} (the label naming the service, default {@code job}), {@code service_regex}
 * (group 1 is the service name; e.g. strips a ReplicaSet hash), {@code region}, {@code zone},
 * {@code instance_type}, {@code version} (labels on the host series; empty means "not labelled").
 */
public record LabelMapping(String hostLabel, Pattern hostRegex, ServiceSource serviceSource, String serviceLabel,
                           Pattern serviceRegex, String regionLabel, String zoneLabel, String instanceTypeLabel,
                           String versionLabel) {

    public static final String HOST = "host";
    public static final String HOST_REGEX = "host_regex";
    public static final String SERVICE_SOURCE = "service_source";
    public static final String SERVICE = "service";
    public static final String SERVICE_REGEX = "service_regex";
    public static final String REGION = "region";
    public static final String ZONE = "zone";
    public static final String INSTANCE_TYPE = "instance_type";
    public static final String VERSION = "version";

    /** Strips a trailing {@code :port} ({@code 10.0.0.7:9100} → {@code 10.0.0.7}); a value without one is kept. */
    public static final String DEFAULT_HOST_REGEX = "(.+?)(?::\\d+)?";
    /** The value as it is. */
    public static final String WHOLE_VALUE = "(.+)";

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** Where a host's services come from. */
    public enum ServiceSource {
        /** A label on the host's own series ({@code job}, {@code service}, {@code app}). */
        LABEL,
        /** kube-state-metrics' {@code kube_pod_info}: the pods on each node ({@code node} label) and their owner. */
        KUBE_POD_INFO;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public LabelMapping {
        hostLabel = label(HOST, hostLabel, false);
        serviceLabel = label(SERVICE, serviceLabel, false);
        regionLabel = label(REGION, regionLabel, true);
        zoneLabel = label(ZONE, zoneLabel, true);
        instanceTypeLabel = label(INSTANCE_TYPE, instanceTypeLabel, true);
        versionLabel = label(VERSION, versionLabel, true);
        if (hostRegex == null || serviceRegex == null || serviceSource == null) {
            throw new HeadroomException("The Prometheus label mapping lacks host_regex, service_regex or service_source.");
        }
    }

    /** Node exporter scraped as usual: host from {@code instance} without its port, service from {@code job}. */
    public static LabelMapping defaults() {
        return new LabelMapping("instance", Pattern.compile(DEFAULT_HOST_REGEX), ServiceSource.LABEL, "job",
                Pattern.compile(WHOLE_VALUE), "region", "zone", "instance_type", "");
    }

    /**
     * Kubernetes: hosts are nodes (label {@code node}), services are the owners of the pods
     * kube-state-metrics places on them ({@code created_by_name} without a ReplicaSet hash), region
     * and zone from the well-known node labels as kube-state-metrics exports them.
     */
    public static LabelMapping kubernetes() {
        return new LabelMapping("node", Pattern.compile(WHOLE_VALUE), ServiceSource.KUBE_POD_INFO, "created_by_name",
                Pattern.compile("(.+?)(?:-[a-f0-9]{6,10})?"), "label_topology_kubernetes_io_region",
                "label_topology_kubernetes_io_zone", "label_node_kubernetes_io_instance_type", "");
    }

    /** The host id a value of the host label names, or empty when the regex does not match it. */
    public Optional<String> host(String labelValue) {
        return group1(hostRegex, labelValue);
    }

    /** The service a value of the service label names, or empty when the regex does not match it. */
    public Optional<String> service(String labelValue) {
        return group1(serviceRegex, labelValue);
    }

    private static Optional<String> group1(Pattern p, String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = p.matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        String g = m.groupCount() >= 1 ? m.group(1) : m.group();
        return g == null || g.isEmpty() ? Optional.empty() : Optional.of(g);
    }

    /** Equal when they map alike: {@link Pattern} itself has no equality, its text does. */
    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMapping m && serialise().equals(m.serialise());
    }

    @Override
    public int hashCode() {
        return serialise().hashCode();
    }

    /** One settings string; {@link #parse} reads it back. */
    public String serialise() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(HOST, hostLabel);
        m.put(HOST_REGEX, hostRegex.pattern());
        m.put(SERVICE_SOURCE, serviceSource.label());
        m.put(SERVICE, serviceLabel);
        m.put(SERVICE_REGEX, serviceRegex.pattern());
        m.put(REGION, regionLabel);
        m.put(ZONE, zoneLabel);
        m.put(INSTANCE_TYPE, instanceTypeLabel);
        m.put(VERSION, versionLabel);
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> {
            if (b.length() > 0) {
                b.append(';');
            }
            b.append(k).append('=').append(v.replace("%", "%25").replace(";", "%3B"));
        });
        return b.toString();
    }

    /**
     * Reads a mapping written by {@link #serialise()} or by the operator; keys left out keep those
     * of {@code base} (the preset's mapping).
     *
     * @throws HeadroomException naming the key that cannot be read and what to write instead
     */
    public static LabelMapping parse(String text, LabelMapping base) {
        if (text == null || text.isBlank()) {
            return base;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw bad("\"" + part.trim() + "\" is not key=value", "write e.g. host=instance;service=job");
            }
            String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = part.substring(eq + 1).trim().replace("%3B", ";").replace("%3b", ";").replace("%25", "%");
            if (m.put(key, value) != null) {
                throw bad("key " + key + " is given twice", "keep one");
            }
        }
        for (String key : m.keySet()) {
            if (!java.util.List.of(HOST, HOST_REGEX, SERVICE_SOURCE, SERVICE, SERVICE_REGEX, REGION, ZONE, INSTANCE_TYPE,
                    VERSION).contains(key)) {
                throw bad("key \"" + key + "\" is unknown", "use host, host_regex, service_source, service, "
                        + "service_regex, region, zone, instance_type or version");
            }
        }
        ServiceSource source = base.serviceSource;
        if (m.containsKey(SERVICE_SOURCE)) {
            String s = m.get(SERVICE_SOURCE).toLowerCase(Locale.ROOT);
            source = switch (s) {
                case "label" -> ServiceSource.LABEL;
                case "kube_pod_info" -> ServiceSource.KUBE_POD_INFO;
                default -> throw bad("service_source \"" + m.get(SERVICE_SOURCE) + "\" is unknown",
                        "use label or kube_pod_info");
            };
        }
        return new LabelMapping(m.getOrDefault(HOST, base.hostLabel),
                regex(HOST_REGEX, m.get(HOST_REGEX), base.hostRegex), source,
                m.getOrDefault(SERVICE, base.serviceLabel), regex(SERVICE_REGEX, m.get(SERVICE_REGEX), base.serviceRegex),
                m.getOrDefault(REGION, base.regionLabel), m.getOrDefault(ZONE, base.zoneLabel),
                m.getOrDefault(INSTANCE_TYPE, base.instanceTypeLabel), m.getOrDefault(VERSION, base.versionLabel));
    }

    private static Pattern regex(String key, String text, Pattern fallback) {
        if (text == null) {
            return fallback;
        }
        if (text.isEmpty()) {
            return Pattern.compile(WHOLE_VALUE);
        }
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw bad(key + " \"" + text + "\" is not a regular expression (" + e.getDescription() + ")",
                    "fix it; group 1 is the name Headroom uses");
        }
    }

    private static String label(String key, String value, boolean optional) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty() && optional) {
            return "";
        }
        if (!LABEL_NAME.matcher(v).matches()) {
            throw bad(key + " \"" + v + "\" is not a Prometheus label name",
                    "use letters, digits and '_' (e.g. instance, node, job, app)");
        }
        return v;
    }

    private static HeadroomException bad(String what, String todo) {
        return new HeadroomException("Prometheus setting " + PrometheusSettings.MAPPING + ": " + what + "; " + todo + ".");
    }
}
