package dev.headroom.providers.prometheus;

import dev.headroom.providers.AccountKeys;
import dev.headroom.domain.Account;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Metric;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A Prometheus account's settings, read and checked from {@link Account#settings()}. Only the
 * username is a setting; the bearer token or password is kept in the
 * {@link dev.headroom.credentials.SecretStore} under {@code headroom/<account>/}{@value #SECRET_FIELD}.
 * docs/prometheus.md lists every key with its default.
 */
public record PrometheusSettings(URI url, Auth auth, String username, Optional<Path> caFile, boolean insecureSkipVerify,
                                 Duration connectTimeout, Duration queryTimeout, int maxPointsPerQuery,
                                 Duration rateWindow, Duration historyStep, Duration historyRange, Preset preset, LabelMapping mapping, String selector,
                                 Map<String, String> queryOverrides, ServiceGraph serviceGraph,
                                 Duration serviceGraphWindow, String defaultRegion, String defaultZone,
                                 double hourlyUsdPerCore, double hourlyUsdPerGib) {

    /** Base URL of the HTTP API, http or https, without {@code /api/v1} (a path prefix is kept). */
    public static final String URL = "url";
    /** {@code none} (default), {@code bearer} or {@code basic}. */
    public static final String AUTH = "auth";
    /** User name for basic auth; the password is in the secret store. */
    public static final String USERNAME = "username";
    /** A PEM file of CA certificates to trust for https (default: the JVM's trust store). */
    public static final String TLS_CA_FILE = "tls_ca_file";
    /** {@code true} trusts any certificate and host name: for a test server only (default false). */
    public static final String TLS_INSECURE_SKIP_VERIFY = "tls_insecure_skip_verify";
    /** Time to open the connection (default 5s). */
    public static final String CONNECT_TIMEOUT = "connect_timeout";
    /** Time for one query, also passed to Prometheus as its {@code timeout} (default 60s). */
    public static final String QUERY_TIMEOUT = "query_timeout";
    /** Points per series in one range query; longer histories are split (default and maximum 11000). */
    public static final String MAX_POINTS_PER_QUERY = "max_points_per_query";
    /** Range of {@code rate()} in the default queries; at least twice the scrape interval (default 5m). */
    public static final String RATE_WINDOW = "rate_window";
    /** Step of the history a sync reads (default 5m). */
    public static final String HISTORY_STEP = AccountKeys.HISTORY_STEP;
    /** How far back a first sync reads history (default 14d). */
    public static final String HISTORY_RANGE = AccountKeys.HISTORY_RANGE;
    /** {@code node_exporter} (default) or {@code kubernetes}: the default mapping and queries. */
    public static final String PRESET = "preset";
    /** The label mapping, see {@link LabelMapping}; keys left out keep the preset's. */
    public static final String MAPPING = "mapping";
    /** Extra label matchers added to every default host query, e.g. {@code job="node"} (default none). */
    public static final String SELECTOR = "selector";
    /** Prefix of the query overrides: {@code query.cpu}, {@code query.memory}, … (see {@link QueryKind}). */
    public static final String QUERY_PREFIX = "query.";
    /** {@code none} (default), {@code istio} or {@code otel}: where dependencies come from. */
    public static final String SERVICE_GRAPH = "service_graph";
    /** Range over which request rates of the service graph are averaged (default 1h). */
    public static final String SERVICE_GRAPH_WINDOW = "service_graph_window";
    /** Region of hosts without a region label (default {@value #DEFAULT_REGION_VALUE}). */
    public static final String DEFAULT_REGION = "default_region";
    /** Zone of hosts without a zone label (default {@value #DEFAULT_ZONE_VALUE}). */
    public static final String DEFAULT_ZONE = "default_zone";
    /** Price per core-hour for instance types Headroom synthesises (default 0.04 USD). */
    public static final String HOURLY_USD_PER_CORE = "hourly_usd_per_core";
    /** Price per GiB-hour of memory for synthesised instance types (default 0.005 USD). */
    public static final String HOURLY_USD_PER_GIB = "hourly_usd_per_gib";

    /** The secret store field: {@code SecretStore.reference(account, SECRET_FIELD)}. */
    public static final String SECRET_FIELD = "prometheus_secret";

    public static final String DEFAULT_REGION_VALUE = "default";
    public static final String DEFAULT_ZONE_VALUE = "default";
    /** Prometheus refuses a range query whose result would have more points per series. */
    public static final int PROMETHEUS_MAX_POINTS = 11_000;

    private static final List<String> KEYS = List.of(URL, AUTH, USERNAME, TLS_CA_FILE, TLS_INSECURE_SKIP_VERIFY,
            CONNECT_TIMEOUT, QUERY_TIMEOUT, MAX_POINTS_PER_QUERY, RATE_WINDOW, HISTORY_STEP, HISTORY_RANGE, PRESET, MAPPING, SELECTOR,
            SERVICE_GRAPH, SERVICE_GRAPH_WINDOW, DEFAULT_REGION, DEFAULT_ZONE, HOURLY_USD_PER_CORE, HOURLY_USD_PER_GIB);

    public enum Auth {
        NONE, BEARER, BASIC;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Preset {
        /** Node exporter series; hosts are scrape instances. */
        NODE_EXPORTER,
        /** cAdvisor and kube-state-metrics series; hosts are Kubernetes nodes. */
        KUBERNETES;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum ServiceGraph {
        NONE, ISTIO, OTEL;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The queries an operator can override, each under {@code query.<key>}. */
    public enum QueryKind {
        CPU("cpu"), MEMORY("memory"), NETWORK("network"), DISK("disk"),
        /** Host labels: one series per host with the mapped labels. */
        HOSTS("hosts"),
        CORES("cores"), MEMORY_BYTES("memory_bytes"), NETWORK_BYTES_PER_SECOND("network_bytes_per_second"),
        SERVICE_GRAPH("service_graph");

        private final String key;

        QueryKind(String key) {
            this.key = key;
        }

        /** The setting key of the override, e.g. {@code query.cpu}. */
        public String settingKey() {
            return QUERY_PREFIX + key;
        }

        public static QueryKind of(Metric metric) {
            return switch (metric) {
                case CPU -> CPU;
                case MEMORY -> MEMORY;
                case NETWORK -> NETWORK;
                case DISK -> DISK;
            };
        }
    }

    public PrometheusSettings {
        queryOverrides = java.util.Collections.unmodifiableMap(new TreeMap<>(queryOverrides));
    }

    /** Settings for {@code url} with every default. */
    public static PrometheusSettings of(URI url) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(URL, url.toString());
        return parse("new", s);
    }

    public static PrometheusSettings from(Account account) {
        return parse(account.name(), account.settings());
    }

    /**
     * Reads and checks the settings of account {@code accountName}; keys not listed in
     * docs/prometheus.md are refused so that a typo is not silently ignored.
     *
     * @throws HeadroomException naming the key, what is wrong with its value and what to write
     */
    public static PrometheusSettings parse(String accountName, Map<String, String> settings) {
        for (String key : settings.keySet()) {
            if (!KEYS.contains(key) && !key.startsWith(QUERY_PREFIX) && !AccountKeys.ENGINE.contains(key)) {
                throw bad(accountName, key, "is not a Prometheus setting", "remove it or fix its spelling (see docs/prometheus.md)");
            }
        }
        URI url = url(accountName, settings.get(URL));
        Auth auth = choice(accountName, settings, AUTH, Auth.class, Auth.NONE);
        String username = settings.getOrDefault(USERNAME, "").trim();
        if (auth == Auth.BASIC && username.isEmpty()) {
            throw bad(accountName, USERNAME, "is empty but " + AUTH + " is basic", "set the user name (the password goes to the secret store)");
        }
        if (username.contains(":")) {
            throw bad(accountName, USERNAME, "contains ':'", "basic auth user names cannot contain ':'");
        }
        Optional<Path> ca = Optional.empty();
        String caText = settings.getOrDefault(TLS_CA_FILE, "").trim();
        if (!caText.isEmpty()) {
            try {
                ca = Optional.of(Path.of(caText));
            } catch (InvalidPathException e) {
                throw bad(accountName, TLS_CA_FILE, "\"" + caText + "\" is not a file path", "give the path of a PEM file");
            }
        }
        boolean insecure = bool(accountName, settings, TLS_INSECURE_SKIP_VERIFY);
        Duration connect = duration(accountName, settings, CONNECT_TIMEOUT, Duration.ofSeconds(5));
        Duration query = duration(accountName, settings, QUERY_TIMEOUT, Duration.ofSeconds(60));
        int maxPoints = integer(accountName, settings, MAX_POINTS_PER_QUERY, PROMETHEUS_MAX_POINTS, 2, PROMETHEUS_MAX_POINTS);
        Duration rate = duration(accountName, settings, RATE_WINDOW, Duration.ofMinutes(5));
        Duration historyStep = duration(accountName, settings, HISTORY_STEP, Duration.ofMinutes(5));
        if (historyStep.toMillis() % 1000 != 0) {
            throw bad(accountName, HISTORY_STEP, "\"" + settings.get(HISTORY_STEP).trim() + "\" is not whole seconds",
                    "write e.g. 60s or 5m");
        }
        Duration historyRange = duration(accountName, settings, HISTORY_RANGE, Duration.ofDays(14));
        if (historyRange.compareTo(historyStep) < 0) {
            throw bad(accountName, HISTORY_RANGE, "is shorter than " + HISTORY_STEP, "make it at least one step");
        }
        Preset preset = choice(accountName, settings, PRESET, Preset.class, Preset.NODE_EXPORTER);
        LabelMapping mapping = LabelMapping.parse(settings.get(MAPPING),
                preset == Preset.KUBERNETES ? LabelMapping.kubernetes() : LabelMapping.defaults());
        String selector = settings.getOrDefault(SELECTOR, "").trim();
        if (selector.startsWith("{") || selector.startsWith(",")) {
            throw bad(accountName, SELECTOR, "\"" + selector + "\" starts with '" + selector.charAt(0) + "'",
                    "write only the matchers, e.g. job=\"node\",env=\"prod\"");
        }
        Map<String, String> overrides = new TreeMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (e.getKey().startsWith(QUERY_PREFIX)) {
                boolean known = false;
                for (QueryKind k : QueryKind.values()) {
                    known |= k.settingKey().equals(e.getKey());
                }
                if (!known) {
                    throw bad(accountName, e.getKey(), "is not a query that can be overridden",
                            "use query.cpu, query.memory, query.network, query.disk, query.hosts, query.cores, "
                                    + "query.memory_bytes, query.network_bytes_per_second or query.service_graph");
                }
                overrides.put(e.getKey(), e.getValue().trim());
            }
        }
        ServiceGraph graph = choice(accountName, settings, SERVICE_GRAPH, ServiceGraph.class, ServiceGraph.NONE);
        Duration graphWindow = duration(accountName, settings, SERVICE_GRAPH_WINDOW, Duration.ofHours(1));
        String region = id(accountName, settings, DEFAULT_REGION, DEFAULT_REGION_VALUE);
        String zone = id(accountName, settings, DEFAULT_ZONE, DEFAULT_ZONE_VALUE);
        double perCore = positive(accountName, settings, HOURLY_USD_PER_CORE, 0.04);
        double perGib = positive(accountName, settings, HOURLY_USD_PER_GIB, 0.005);
        return new PrometheusSettings(url, auth, username, ca, insecure, connect, query, maxPoints, rate, historyStep,
                historyRange, preset,
                mapping, selector, overrides, graph, graphWindow, region, zone, perCore, perGib);
    }

    /** These settings as account settings, for creating or editing an account; {@link #parse} reads them back. */
    public Map<String, String> toSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(URL, url.toString());
        s.put(AUTH, auth.label());
        if (!username.isEmpty()) {
            s.put(USERNAME, username);
        }
        caFile.ifPresent(p -> s.put(TLS_CA_FILE, p.toString()));
        s.put(TLS_INSECURE_SKIP_VERIFY, Boolean.toString(insecureSkipVerify));
        s.put(CONNECT_TIMEOUT, format(connectTimeout));
        s.put(QUERY_TIMEOUT, format(queryTimeout));
        s.put(MAX_POINTS_PER_QUERY, Integer.toString(maxPointsPerQuery));
        s.put(RATE_WINDOW, format(rateWindow));
        s.put(HISTORY_STEP, format(historyStep));
        s.put(HISTORY_RANGE, format(historyRange));
        s.put(PRESET, preset.label());
        s.put(MAPPING, mapping.serialise());
        if (!selector.isEmpty()) {
            s.put(SELECTOR, selector);
        }
        s.putAll(queryOverrides);
        s.put(SERVICE_GRAPH, serviceGraph.label());
        s.put(SERVICE_GRAPH_WINDOW, format(serviceGraphWindow));
        s.put(DEFAULT_REGION, defaultRegion);
        s.put(DEFAULT_ZONE, defaultZone);
        s.put(HOURLY_USD_PER_CORE, Double.toString(hourlyUsdPerCore));
        s.put(HOURLY_USD_PER_GIB, Double.toString(hourlyUsdPerGib));
        return s;
    }

    /** The query for {@code kind}: the operator's override, else the preset's default; empty when there is none. */
    public String queryTemplate(QueryKind kind) {
        String override = queryOverrides.get(kind.settingKey());
        if (override != null) {
            return override;
        }
        return DefaultQueries.template(preset, serviceGraph, kind);
    }

    /** Whether {@code kind}'s query is the operator's. */
    public boolean overridden(QueryKind kind) {
        return queryOverrides.containsKey(kind.settingKey());
    }

    /** A Prometheus duration ({@code 90s}, {@code 5m}, {@code 1h}), whole seconds at least. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        if (s > 0 && d.toMillis() % 1000 == 0) {
            if (s % 86_400 == 0) {
                return s / 86_400 + "d";
            }
            if (s % 3600 == 0) {
                return s / 3600 + "h";
            }
            if (s % 60 == 0) {
                return s / 60 + "m";
            }
            return s + "s";
        }
        return d.toMillis() + "ms";
    }

    /** Reads {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}, {@code 1w}; empty when the text is not one. */
    public static Optional<Duration> parseDuration(String text) {
        return AccountKeys.duration(text);
    }

    private static URI url(String account, String text) {
        if (text == null || text.isBlank()) {
            throw bad(account, URL, "is missing", "give the base URL of the Prometheus HTTP API, e.g. http://prometheus:9090");
        }
        URI u;
        try {
            u = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw bad(account, URL, "\"" + text.trim() + "\" is not a URL", "write e.g. https://prometheus.example.com:9090");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw bad(account, URL, "\"" + text.trim() + "\" is not an http or https URL", "write e.g. http://prometheus:9090");
        }
        if (u.getRawUserInfo() != null) {
            // A password in the URL would end up in the settings (SQLite, exports) in clear text.
            throw bad(account, URL, "contains a user name or password", "remove it from the URL: set " + AUTH
                    + "=basic and " + USERNAME + ", and store the password in the secret store");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw bad(account, URL, "\"" + text.trim() + "\" has no host", "write e.g. http://prometheus:9090");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw bad(account, URL, "has a query or fragment", "give only scheme, host, port and an optional path prefix");
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith("/api/v1")) {
            throw bad(account, URL, "ends with /api/v1", "give the base URL without /api/v1; Headroom adds it");
        }
        try {
            return new URI(scheme, null, u.getHost(), u.getPort(), path.isEmpty() ? null : path, null, null);
        } catch (URISyntaxException e) {
            throw bad(account, URL, "\"" + text.trim() + "\" is not a URL", "write e.g. http://prometheus:9090");
        }
    }

    private static <E extends Enum<E>> E choice(String account, Map<String, String> s, String key, Class<E> type, E fallback) {
        String text = s.get(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text.trim())) {
                return e;
            }
        }
        StringBuilder options = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            options.append(options.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
        }
        throw bad(account, key, "\"" + text.trim() + "\" is not one of " + options, "use one of them");
    }

    private static boolean bool(String account, Map<String, String> s, String key) {
        String text = s.getOrDefault(key, "false").trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "yes" -> true;
            case "false", "no", "" -> false;
            default -> throw bad(account, key, "\"" + text + "\" is not true or false", "write true or false");
        };
    }

    private static Duration duration(String account, Map<String, String> s, String key, Duration fallback) {
        String text = s.get(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        return parseDuration(text).orElseThrow(() -> bad(account, key, "\"" + text.trim() + "\" is not a duration",
                "write a number and a unit, e.g. 30s, 5m or 1h"));
    }

    private static int integer(String account, Map<String, String> s, String key, int fallback, int min, int max) {
        String text = s.get(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(account, key, "\"" + text.trim() + "\" is not a whole number from " + min + " to " + max,
                "write one (Prometheus itself refuses more than " + PROMETHEUS_MAX_POINTS + " points per series)");
    }

    private static double positive(String account, Map<String, String> s, String key, double fallback) {
        String text = s.get(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            double v = Double.parseDouble(text.trim());
            if (Double.isFinite(v) && v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(account, key, "\"" + text.trim() + "\" is not a price above 0", "write US dollars, e.g. 0.04");
    }

    private static String id(String account, Map<String, String> s, String key, String fallback) {
        String text = s.getOrDefault(key, fallback).trim();
        if (!text.matches("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}")) {
            throw bad(account, key, "\"" + text + "\" is not a valid name", "use letters, digits, '.', '_', ':', '@' or '-'");
        }
        return text;
    }

    private static HeadroomException bad(String account, String key, String what, String todo) {
        return new HeadroomException("Prometheus account \"" + account + "\", setting " + key + ": " + what + "; " + todo + ".");
    }

    /** Whether {@code path} is a readable file; used by the client before it builds the TLS context. */
    static boolean readable(Path path) {
        return Files.isRegularFile(path) && Files.isReadable(path);
    }
}
