package dev.headroom.providers.kubernetes;

import dev.headroom.providers.AccountKeys;
import dev.headroom.domain.Account;
import dev.headroom.domain.HeadroomException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A Kubernetes account's settings, read from {@link Account#settings()} (see docs/kubernetes.md).
 * The kubeconfig is referenced by path and context, never copied: its credentials stay in the
 * operator's file. A bearer token, when the operator prefers one, lives in the
 * {@link dev.headroom.credentials.SecretStore} under {@link #TOKEN_FIELD}; the settings only say so.
 */
public record KubernetesSettings(String kubeconfig, Optional<String> context, List<String> namespaces,
                                 Handoff handoff, String handoffKey, List<String> handoffHook,
                                 Duration hookTimeout, Map<String, SurgeTarget> surge,
                                 Duration evictionTimeout, Duration backoffInitial, Duration backoffMax,
                                 Duration rescheduleTimeout, Duration pollInterval, int conflictRetries,
                                 Optional<Duration> updateTakes, TokenSource token, Map<String, Price> prices,
                                 boolean evictUnmanaged, LiveLoad liveLoad) {

    /** Path of the operator's kubeconfig file; {@code ~} is the home directory. */
    public static final String KUBECONFIG = "kubeconfig";
    /** Context in the kubeconfig; default: its current-context. */
    public static final String CONTEXT = "context";
    /** Comma-separated namespaces whose workloads are read; empty: all namespaces. */
    public static final String NAMESPACES = "namespaces";
    /** How a node is told to update: {@code label}, {@code annotation} or {@code hook}. */
    public static final String HANDOFF = "handoff";
    /** Node label or annotation that carries the target version (also read as the node's version). */
    public static final String HANDOFF_KEY = "handoff_key";
    /** Command run for {@code handoff=hook}; {@code {node}} and {@code {version}} are replaced. */
    public static final String HANDOFF_HOOK = "handoff_hook";
    public static final String HOOK_TIMEOUT = "hook_timeout_seconds";
    /** Surge Deployments per service: {@code service=namespace/deployment,…}. */
    public static final String SURGE = "surge";
    /** How long one pod's eviction may be refused (429, disruption budget) before the drain gives up. */
    public static final String EVICTION_TIMEOUT = "eviction_timeout_seconds";
    public static final String BACKOFF_INITIAL = "eviction_backoff_initial_ms";
    public static final String BACKOFF_MAX = "eviction_backoff_max_ms";
    /** How long evicted workloads may take to be Ready again on other nodes. */
    public static final String RESCHEDULE_TIMEOUT = "reschedule_timeout_seconds";
    public static final String POLL_INTERVAL = "poll_interval_ms";
    /** Retries of a node or Deployment write refused with 409 (someone else changed it). */
    public static final String CONFLICT_RETRIES = "conflict_retries";
    /** How long the operator's tooling takes to update a node after the handoff; 0: not said. */
    public static final String UPDATE_TAKES = "update_takes_seconds";
    /** {@code kubeconfig} (the file's own credentials) or {@code secret_store} (a bearer token). */
    public static final String TOKEN = "token";
    /** Hourly prices per instance type: {@code type=on_demand/spot;…} (Kubernetes does not know them). */
    public static final String INSTANCE_PRICES = "instance_prices";
    /** Whether pods without a controller may be evicted (they are not recreated); default false. */
    public static final String EVICT_UNMANAGED = "evict_unmanaged";

    /** {@code none} or {@code metrics_api}: live CPU and memory load from metrics-server (metrics.k8s.io). */
    public static final String LIVE_LOAD = "live_load";

    /** The SecretStore field of the bearer token: {@code SecretStore.reference(account, TOKEN_FIELD)}. */
    public static final String TOKEN_FIELD = "kubernetes_token";

    public static final String DEFAULT_KUBECONFIG = "~/.kube/config";
    public static final String DEFAULT_HANDOFF_KEY = "headroom.dev/target-version";

    static final Set<String> KEYS = Set.of(KUBECONFIG, CONTEXT, NAMESPACES, HANDOFF, HANDOFF_KEY, HANDOFF_HOOK,
            HOOK_TIMEOUT, SURGE, EVICTION_TIMEOUT, BACKOFF_INITIAL, BACKOFF_MAX, RESCHEDULE_TIMEOUT, POLL_INTERVAL,
            CONFLICT_RETRIES, UPDATE_TAKES, TOKEN, INSTANCE_PRICES, EVICT_UNMANAGED, LIVE_LOAD);

    // a qualified name as Kubernetes accepts for label and annotation keys: optional DNS prefix, then a name
    private static final Pattern QUALIFIED = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    /** How the update is handed to the operator's tooling. */
    public enum Handoff {
        LABEL, ANNOTATION, HOOK;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where a bearer token comes from. */
    public enum TokenSource {
        KUBECONFIG, SECRET_STORE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where live load comes from. */
    public enum LiveLoad {
        NONE, METRICS_API;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The Deployment scaled up for a service's surge. */
    public record SurgeTarget(String namespace, String deployment) {
        @Override
        public String toString() {
            return namespace + "/" + deployment;
        }
    }

    /** Hourly on-demand and spot price of an instance type. */
    public record Price(double onDemand, double spot) {
    }

    public KubernetesSettings {
        namespaces = List.copyOf(namespaces);
        handoffHook = List.copyOf(handoffHook);
        surge = Collections.unmodifiableMap(new TreeMap<>(surge));
        prices = Collections.unmodifiableMap(new TreeMap<>(prices));
    }

    /** The defaults with {@code kubeconfig} and {@code context}. */
    public static KubernetesSettings of(String kubeconfig, Optional<String> context) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(KUBECONFIG, kubeconfig);
        context.ifPresent(c -> s.put(CONTEXT, c));
        return parse("kubernetes", s);
    }

    public static KubernetesSettings parse(Account account) {
        return parse(account.name(), account.settings());
    }

    /**
     * Parses and checks the settings.
     *
     * @throws HeadroomException naming the first key that is wrong, what it holds and what to write
     */
    public static KubernetesSettings parse(String account, Map<String, String> settings) {
        for (String key : settings.keySet()) {
            if (!KEYS.contains(key) && !AccountKeys.ENGINE.contains(key)) {
                throw bad(account, key, settings.get(key), "is not a Kubernetes setting; the settings are "
                        + String.join(", ", sorted(KEYS)));
            }
        }
        String kubeconfig = text(settings, KUBECONFIG, DEFAULT_KUBECONFIG);
        if (kubeconfig.isEmpty()) {
            throw bad(account, KUBECONFIG, kubeconfig, "is empty; give the path of the kubeconfig file, e.g. "
                    + DEFAULT_KUBECONFIG);
        }
        Optional<String> context = Optional.of(text(settings, CONTEXT, "")).filter(c -> !c.isEmpty());
        List<String> namespaces = new ArrayList<>();
        for (String ns : list(settings.getOrDefault(NAMESPACES, ""), ",")) {
            if (!DNS_LABEL.matcher(ns).matches()) {
                throw bad(account, NAMESPACES, settings.get(NAMESPACES), "lists \"" + ns + "\", which is not a "
                        + "namespace name (lower-case letters, digits and '-'); separate namespaces with commas");
            }
            if (!namespaces.contains(ns)) {
                namespaces.add(ns);
            }
        }
        String handoffText = text(settings, HANDOFF, Handoff.ANNOTATION.label());
        Handoff handoff = null;
        for (Handoff h : Handoff.values()) {
            if (h.label().equalsIgnoreCase(handoffText)) {
                handoff = h;
            }
        }
        if (handoff == null) {
            throw bad(account, HANDOFF, handoffText, "is not a handoff; write label, annotation or hook");
        }
        String handoffKey = text(settings, HANDOFF_KEY, DEFAULT_HANDOFF_KEY);
        if (!QUALIFIED.matcher(handoffKey).matches() || handoffKey.length() > 316) {
            throw bad(account, HANDOFF_KEY, handoffKey, "is not a label or annotation key; write e.g. "
                    + DEFAULT_HANDOFF_KEY);
        }
        List<String> hook = list(settings.getOrDefault(HANDOFF_HOOK, ""), " ");
        if (handoff == Handoff.HOOK && hook.isEmpty()) {
            throw bad(account, HANDOFF_HOOK, "", "is empty but " + HANDOFF + " is hook; give the command to run, "
                    + "e.g. /usr/local/bin/update-node {node} {version}");
        }
        Map<String, SurgeTarget> surge = new LinkedHashMap<>();
        for (String entry : list(settings.getOrDefault(SURGE, ""), ",")) {
            String[] kv = entry.split("=", 2);
            String[] target = kv.length == 2 ? kv[1].strip().split("/", 2) : new String[0];
            if (kv.length != 2 || kv[0].isBlank() || target.length != 2 || !DNS_LABEL.matcher(target[0]).matches()
                    || !DNS_SUBDOMAIN.matcher(target[1]).matches()) {
                throw bad(account, SURGE, settings.get(SURGE), "has \"" + entry + "\"; write service=namespace/"
                        + "deployment, entries separated by commas");
            }
            surge.put(kv[0].strip(), new SurgeTarget(target[0], target[1]));
        }
        Map<String, Price> prices = new LinkedHashMap<>();
        for (String entry : list(settings.getOrDefault(INSTANCE_PRICES, ""), ";")) {
            String[] kv = entry.split("=", 2);
            String[] p = kv.length == 2 ? kv[1].strip().split("/", 2) : new String[0];
            double onDemand = p.length == 2 ? number(p[0]) : Double.NaN;
            double spot = p.length == 2 ? number(p[1]) : Double.NaN;
            if (kv.length != 2 || kv[0].isBlank() || !(onDemand > 0) || !(spot > 0) || spot > onDemand) {
                throw bad(account, INSTANCE_PRICES, settings.get(INSTANCE_PRICES), "has \"" + entry + "\"; write "
                        + "type=on_demand/spot in USD per hour (spot at most on-demand, both above 0), entries "
                        + "separated by ';', e.g. m5.large=0.096/0.035");
            }
            prices.put(kv[0].strip(), new Price(onDemand, spot));
        }
        String tokenText = text(settings, TOKEN, TokenSource.KUBECONFIG.label());
        TokenSource token = null;
        for (TokenSource t : TokenSource.values()) {
            if (t.label().equalsIgnoreCase(tokenText)) {
                token = t;
            }
        }
        if (token == null) {
            throw bad(account, TOKEN, tokenText, "is not a token source; write kubeconfig (the file's own "
                    + "credentials) or secret_store (a bearer token kept in Headroom's secret store)");
        }
        String unmanaged = text(settings, EVICT_UNMANAGED, "false");
        if (!unmanaged.equalsIgnoreCase("true") && !unmanaged.equalsIgnoreCase("false")) {
            throw bad(account, EVICT_UNMANAGED, unmanaged, "must be true or false");
        }
        String liveText = text(settings, LIVE_LOAD, LiveLoad.NONE.label());
        LiveLoad liveLoad = null;
        for (LiveLoad l : LiveLoad.values()) {
            if (l.label().equalsIgnoreCase(liveText)) {
                liveLoad = l;
            }
        }
        if (liveLoad == null) {
            throw bad(account, LIVE_LOAD, liveText, "is not a live-load source; write none or metrics_api (the "
                    + "cluster's metrics-server)");
        }
        long takes = whole(account, settings, UPDATE_TAKES, 0, 0, 86_400);
        return new KubernetesSettings(kubeconfig, context, namespaces, handoff, handoffKey, hook,
                Duration.ofSeconds(whole(account, settings, HOOK_TIMEOUT, 300, 1, 86_400)), surge,
                Duration.ofSeconds(whole(account, settings, EVICTION_TIMEOUT, 300, 0, 86_400)),
                Duration.ofMillis(whole(account, settings, BACKOFF_INITIAL, 1_000, 1, 3_600_000)),
                Duration.ofMillis(whole(account, settings, BACKOFF_MAX, 30_000, 1, 3_600_000)),
                Duration.ofSeconds(whole(account, settings, RESCHEDULE_TIMEOUT, 600, 0, 86_400)),
                Duration.ofMillis(whole(account, settings, POLL_INTERVAL, 2_000, 1, 600_000)),
                (int) whole(account, settings, CONFLICT_RETRIES, 5, 0, 100),
                takes == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(takes)), token, prices,
                Boolean.parseBoolean(unmanaged), liveLoad);
    }

    /** The settings as stored in the account (only what differs from the defaults, plus the kubeconfig). */
    public Map<String, String> toSettings() {
        Map<String, String> s = new TreeMap<>();
        s.put(KUBECONFIG, kubeconfig);
        context.ifPresent(c -> s.put(CONTEXT, c));
        if (!namespaces.isEmpty()) {
            s.put(NAMESPACES, String.join(",", namespaces));
        }
        s.put(HANDOFF, handoff.label());
        s.put(HANDOFF_KEY, handoffKey);
        if (!handoffHook.isEmpty()) {
            s.put(HANDOFF_HOOK, String.join(" ", handoffHook));
            s.put(HOOK_TIMEOUT, Long.toString(hookTimeout.toSeconds()));
        }
        if (!surge.isEmpty()) {
            List<String> entries = new ArrayList<>();
            surge.forEach((service, t) -> entries.add(service + "=" + t));
            s.put(SURGE, String.join(",", entries));
        }
        s.put(EVICTION_TIMEOUT, Long.toString(evictionTimeout.toSeconds()));
        s.put(BACKOFF_INITIAL, Long.toString(backoffInitial.toMillis()));
        s.put(BACKOFF_MAX, Long.toString(backoffMax.toMillis()));
        s.put(RESCHEDULE_TIMEOUT, Long.toString(rescheduleTimeout.toSeconds()));
        s.put(POLL_INTERVAL, Long.toString(pollInterval.toMillis()));
        s.put(CONFLICT_RETRIES, Integer.toString(conflictRetries));
        updateTakes.ifPresent(d -> s.put(UPDATE_TAKES, Long.toString(d.toSeconds())));
        s.put(TOKEN, token.label());
        if (!prices.isEmpty()) {
            List<String> entries = new ArrayList<>();
            prices.forEach((type, p) -> entries.add(type + "=" + p.onDemand() + "/" + p.spot()));
            s.put(INSTANCE_PRICES, String.join(";", entries));
        }
        s.put(EVICT_UNMANAGED, Boolean.toString(evictUnmanaged));
        s.put(LIVE_LOAD, liveLoad.label());
        return s;
    }

    /** The kubeconfig path with {@code ~} expanded. */
    public Path kubeconfigPath() {
        String p = kubeconfig;
        if (p.equals("~") || p.startsWith("~/")) {
            p = System.getProperty("user.home") + p.substring(1);
        }
        return Path.of(p);
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }

    private static String text(Map<String, String> settings, String key, String fallback) {
        String v = settings.get(key);
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    private static List<String> list(String text, String separator) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(Pattern.quote(separator))) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static long whole(String account, Map<String, String> settings, String key, long fallback, long min,
                              long max) {
        String v = text(settings, key, "");
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw bad(account, key, v, "must be a whole number from " + min + " to " + max);
    }

    private static HeadroomException bad(String account, String key, String value, String what) {
        return new HeadroomException("Kubernetes account \"" + account + "\": setting " + key + " = \"" + value
                + "\" " + what + ". Nothing was changed; correct the setting and try again.");
    }
}
