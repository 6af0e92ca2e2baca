package dev.headroom.providers.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.ProgressListener;
import dev.headroom.providers.prometheus.PrometheusSettings.Auth;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Prometheus HTTP API ({@code /api/v1}) over java.net.http: instant and range queries, range
 * queries split into chunks Prometheus accepts, build information and targets. Every failure is a
 * {@link HeadroomException} whose operator message says what happened and what to do; no message
 * and no log line carries the account's secret (only the settings' URL, which may not hold user
 * information).
 */
public final class PrometheusClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_CHARS = 400;

    private final String account;
    private final PrometheusSettings settings;
    private final HttpClient http;
    /** The Authorization header value; never printed. */
    private final Optional<String> authorization;

    /** One sample of an instant query. */
    public record Sample(Map<String, String> labels, double value) {
        public Sample {
            labels = Map.copyOf(labels);
        }
    }

    /** One series of a range query: times (epoch milliseconds) ascending, values as Prometheus gave them. */
    public record Series(Map<String, String> labels, long[] timesMillis, double[] values) {
        public Series {
            labels = Map.copyOf(labels);
        }

        public int size() {
            return values.length;
        }
    }

    /** Targets Prometheus scrapes, from {@code /api/v1/targets}. */
    public record Targets(int up, int unknown, int total) {
    }

    /**
     * @param secret the bearer token or password, when {@code settings.auth()} needs one
     * @throws HeadroomException when the secret is missing or the TLS settings cannot be used
     */
    public PrometheusClient(String account, PrometheusSettings settings, Optional<char[]> secret) {
        this.account = account;
        this.settings = settings;
        this.authorization = authorization(account, settings, secret);
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER);
        if (settings.url().getScheme().equals("https")) {
            b.sslContext(sslContext(account, settings));
        }
        this.http = b.build();
    }

    public PrometheusSettings settings() {
        return settings;
    }

    /** Where the client points, for messages. */
    public String where() {
        return "Prometheus at " + settings.url();
    }

    private static Optional<String> authorization(String account, PrometheusSettings s, Optional<char[]> secret) {
        if (s.auth() == Auth.NONE) {
            return Optional.empty();
        }
        char[] value = secret.filter(c -> c.length > 0).orElseThrow(() -> new HeadroomException("Prometheus account \""
                + account + "\" uses " + s.auth().label() + " auth but no " + (s.auth() == Auth.BEARER ? "token" : "password")
                + " is stored for it (secret headroom/" + account + "/" + PrometheusSettings.SECRET_FIELD
                + "). Store it again in the account's settings."));
        String text = new String(value);
        if (s.auth() == Auth.BEARER) {
            return Optional.of("Bearer " + text.trim());
        }
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(
                (s.username() + ":" + text).getBytes(StandardCharsets.UTF_8)));
    }

    private static SSLContext sslContext(String account, PrometheusSettings s) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (s.insecureSkipVerify()) {
                ctx.init(null, new TrustManager[]{new TrustAll()}, null);
                return ctx;
            }
            if (s.caFile().isEmpty()) {
                return SSLContext.getDefault();
            }
            Path file = s.caFile().get();
            if (!PrometheusSettings.readable(file)) {
                throw new HeadroomException("Prometheus account \"" + account + "\", setting "
                        + PrometheusSettings.TLS_CA_FILE + ": " + file + " is not a readable file; give the path of a PEM "
                        + "file with the CA certificates that signed Prometheus's certificate.");
            }
            Collection<? extends Certificate> certs;
            try (InputStream in = Files.newInputStream(file)) {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certs.isEmpty()) {
                throw new HeadroomException("Prometheus account \"" + account + "\", setting "
                        + PrometheusSettings.TLS_CA_FILE + ": " + file + " holds no certificate; give a PEM file "
                        + "(-----BEGIN CERTIFICATE-----).");
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new HeadroomException("Prometheus account \"" + account + "\", setting " + PrometheusSettings.TLS_CA_FILE
                    + ": the CA certificates cannot be read (" + e.getMessage() + "); give a PEM file of CA certificates.", e);
        }
    }

    /** Build version from {@code /api/v1/status/buildinfo}; empty when the server does not offer it (some compatible stores). */
    public Optional<String> buildVersion() {
        Optional<JsonNode> data = getOptional("/api/v1/status/buildinfo", "build information");
        return data.map(d -> d.path("version").asText("")).filter(v -> !v.isEmpty());
    }

    /** Active targets and how many are up; empty when the server does not list targets. */
    public Optional<Targets> targets() {
        Optional<JsonNode> data = getOptional("/api/v1/targets?state=active", "targets");
        return data.map(d -> {
            int up = 0;
            int unknown = 0;
            int total = 0;
            for (JsonNode t : d.path("activeTargets")) {
                total++;
                switch (t.path("health").asText()) {
                    case "up" -> up++;
                    case "unknown" -> unknown++;
                    default -> { }
                }
            }
            return new Targets(up, unknown, total);
        });
    }

    /** {@code query} evaluated at {@code at}; {@code purpose} names it for the operator ("CPU utilisation (setting query.cpu)"). */
    public List<Sample> instant(String query, Instant at, String purpose) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", query);
        form.put("time", seconds(at));
        form.put("timeout", PrometheusSettings.format(settings.queryTimeout()));
        JsonNode data = post("/api/v1/query", form, query, purpose);
        String type = data.path("resultType").asText();
        List<Sample> out = new ArrayList<>();
        if (type.equals("scalar")) {
            out.add(new Sample(Map.of(), value(data.path("result").path(1), query, purpose)));
            return out;
        }
        if (!type.equals("vector")) {
            throw notExpected(query, purpose, "a " + type + " instead of an instant vector");
        }
        for (JsonNode r : data.path("result")) {
            out.add(new Sample(labels(r.path("metric")), value(r.path("value").path(1), query, purpose)));
        }
        return out;
    }

    /**
     * {@code query} evaluated at {@code start, start + step, …} up to and including {@code end},
     * in one request: at most {@link PrometheusSettings#maxPointsPerQuery()} points.
     */
    public List<Series> range(String query, Instant start, Instant end, Duration step, String purpose) {
        long points = points(start, end, step);
        if (points > settings.maxPointsPerQuery()) {
            throw new IllegalArgumentException(points + " points in one range query; use rangeChunked");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", query);
        form.put("start", seconds(start));
        form.put("end", seconds(end));
        form.put("step", Long.toString(step.toSeconds()));
        form.put("timeout", PrometheusSettings.format(settings.queryTimeout()));
        JsonNode data = post("/api/v1/query_range", form, query, purpose);
        if (!data.path("resultType").asText().equals("matrix")) {
            throw notExpected(query, purpose, "a " + data.path("resultType").asText() + " instead of a range of samples");
        }
        List<Series> out = new ArrayList<>();
        for (JsonNode r : data.path("result")) {
            JsonNode values = r.path("values");
            long[] times = new long[values.size()];
            double[] v = new double[values.size()];
            for (int i = 0; i < values.size(); i++) {
                times[i] = millis(values.get(i).path(0));
                v[i] = value(values.get(i).path(1), query, purpose);
            }
            out.add(new Series(labels(r.path("metric")), times, v));
        }
        return out;
    }

    /**
     * As {@link #range}, split into consecutive requests of at most
     * {@link PrometheusSettings#maxPointsPerQuery()} evaluation times each (Prometheus refuses more
     * than 11,000 points per series), joined per label set: no evaluation time twice, none left out.
     */
    public List<Series> rangeChunked(String query, Instant start, Instant end, Duration step, String purpose,
                                     ProgressListener progress) {
        long points = points(start, end, step);
        int perChunk = settings.maxPointsPerQuery();
        long chunks = Math.max(1, (points + perChunk - 1) / perChunk);
        Map<Map<String, String>, Joined> joined = new LinkedHashMap<>();
        for (long c = 0; c < chunks; c++) {
            Instant s = start.plus(step.multipliedBy(c * perChunk));
            Instant e = s.plus(step.multipliedBy(perChunk - 1L));
            if (e.isAfter(end)) {
                e = end;
            }
            for (Series series : range(query, s, e, step, purpose)) {
                joined.computeIfAbsent(new TreeMap<>(series.labels()), k -> new Joined()).add(series);
            }
            progress.progress((c + 1) / (double) chunks, "read " + purpose + ", part " + (c + 1) + " of " + chunks);
        }
        List<Series> out = new ArrayList<>();
        joined.forEach((labels, j) -> out.add(j.series(labels)));
        return out;
    }

    /** Evaluation times from {@code start} to {@code end}, both included. */
    static long points(Instant start, Instant end, Duration step) {
        if (end.isBefore(start)) {
            return 0;
        }
        return Duration.between(start, end).toMillis() / step.toMillis() + 1;
    }

    /** Samples of one label set gathered over chunks; a time already seen is not added again. */
    private static final class Joined {
        private long[] times = new long[0];
        private double[] values = new double[0];
        private int n;

        void add(Series s) {
            times = Arrays.copyOf(times, n + s.size());
            values = Arrays.copyOf(values, n + s.size());
            for (int i = 0; i < s.size(); i++) {
                if (n > 0 && s.timesMillis()[i] <= times[n - 1]) {
                    continue;
                }
                times[n] = s.timesMillis()[i];
                values[n++] = s.values()[i];
            }
        }

        Series series(Map<String, String> labels) {
            return new Series(labels, Arrays.copyOf(times, n), Arrays.copyOf(values, n));
        }
    }

    private Optional<JsonNode> getOptional(String path, String what) {
        HttpRequest.Builder b = request(path).GET();
        HttpResponse<String> r = send(b.build(), what);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(data(r, null, what));
    }

    private JsonNode post(String path, Map<String, String> form, String query, String purpose) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> r = send(b.build(), purpose);
        if (r.statusCode() == 404) {
            throw new HeadroomException(where() + " has no " + path + " (HTTP 404): check the account's url points at "
                    + "the Prometheus server (or its API prefix), not at Grafana or a dashboard page.");
        }
        return data(r, query, purpose);
    }

    private HttpRequest.Builder request(String path) {
        String base = settings.url().toString();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(requestTimeout())
                .header("Accept", "application/json");
        authorization.ifPresent(a -> b.header("Authorization", a));
        return b;
    }

    /** The query timeout plus room for Prometheus's own timeout to answer first, with its message. */
    private Duration requestTimeout() {
        Duration margin = settings.queryTimeout().dividedBy(2);
        return settings.queryTimeout().plus(margin.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : margin);
    }

    private HttpResponse<String> send(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new HeadroomException(where() + " did not accept a connection within "
                    + PrometheusSettings.format(settings.connectTimeout()) + " (reading " + what + "): check the url, "
                    + "that the host is reachable from here (VPN, firewall), or raise " + PrometheusSettings.CONNECT_TIMEOUT
                    + ".", e);
        } catch (HttpTimeoutException e) {
            throw new HeadroomException(where() + " did not answer within "
                    + PrometheusSettings.format(requestTimeout()) + " (reading " + what
                    + "): ask for a shorter range or a larger step, or raise " + PrometheusSettings.QUERY_TIMEOUT + ".", e);
        } catch (ConnectException e) {
            if (cause(e, UnknownHostException.class)) {
                throw new HeadroomException(where() + " cannot be reached: the host name " + settings.url().getHost()
                        + " is unknown. Check the account's url.", e);
            }
            throw new HeadroomException(where() + " cannot be reached (connection refused or no route, reading "
                    + what + "): check that Prometheus is running and that the url's host and port are right.", e);
        } catch (IOException e) {
            Optional<SSLException> tls = find(e, SSLException.class);
            if (tls.isPresent()) {
                throw new HeadroomException(where() + " could not be reached over TLS (" + tls.get().getMessage()
                        + "): if its certificate is signed by a private CA, set " + PrometheusSettings.TLS_CA_FILE
                        + " to that CA's PEM file; if the certificate names another host, use that name in the url; "
                        + "check that the url's scheme (http or https) is the server's.", e);
            }
            if (cause(e, UnknownHostException.class)) {
                throw new HeadroomException(where() + " cannot be reached: the host name " + settings.url().getHost()
                        + " is unknown. Check the account's url.", e);
            }
            throw new HeadroomException(where() + " cannot be reached (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ", reading " + what
                    + "): check the url and that Prometheus is running.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HeadroomException("Reading " + what + " from " + where() + " was interrupted.", e);
        }
    }

    private static boolean cause(Throwable t, Class<? extends Throwable> type) {
        return find(t, type).isPresent();
    }

    private static <T extends Throwable> Optional<T> find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return Optional.of(type.cast(c));
            }
        }
        return Optional.empty();
    }

    /** The {@code data} of a successful API reply, or the operator message for the failure it reports. */
    private JsonNode data(HttpResponse<String> r, String query, String purpose) {
        int status = r.statusCode();
        if (status == 401 || status == 403) {
            String how = switch (settings.auth()) {
                case NONE -> "it asks for credentials: set " + PrometheusSettings.AUTH + " to bearer or basic and store "
                        + "the token or password";
                case BEARER -> "check the bearer token stored for the account (it may have expired) and store it again";
                case BASIC -> "check the user name (" + settings.username() + ") and the password stored for the account";
            };
            throw new HeadroomException(where() + " refused the credentials of account \"" + account + "\" (HTTP "
                    + status + (status == 403 ? ", forbidden" : ", unauthorised") + "): " + how + ".");
        }
        JsonNode root;
        try {
            root = JSON.readTree(r.body());
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject() || !root.has("status")) {
            throw new HeadroomException(where() + " answered HTTP " + status + " with something that is not the "
                    + "Prometheus API (" + describeBody(r) + "): check that the url is the Prometheus server's base URL "
                    + "(without /graph or /api/v1) and not a login page or proxy.");
        }
        if ("success".equals(root.path("status").asText()) && status / 100 == 2) {
            return root.path("data");
        }
        String errorType = root.path("errorType").asText("");
        String error = clip(root.path("error").asText(""));
        // the query goes last, so that it can be copied from the message as it is
        String q = query == null ? "" : " Query: " + clip(query);
        if (tooManySamples(error)) {
            throw new HeadroomException(where() + " refused to load that many samples for " + purpose + " (" + error
                    + "): ask for a shorter range or a larger step, lower " + PrometheusSettings.MAX_POINTS_PER_QUERY
                    + ", or raise Prometheus's --query.max-samples." + q);
        }
        if (status == 400 || errorType.equals("bad_data")) {
            throw new HeadroomException(where() + " rejected the query for " + purpose + " (" + errorType + "): "
                    + error + ". Fix the query (or the mapping and selector it is built from)." + q);
        }
        if (errorType.equals("timeout") || (status == 503 && error.contains("timeout"))) {
            throw new HeadroomException(where() + " timed out evaluating " + purpose + " (" + error + "): ask for a "
                    + "shorter range or a larger step, or raise " + PrometheusSettings.QUERY_TIMEOUT + "." + q);
        }
        if (status == 422 || errorType.equals("execution")) {
            throw new HeadroomException(where() + " could not evaluate " + purpose + " (" + errorType + "): " + error
                    + ". Check the query; if it names several series per host, aggregate them." + q);
        }
        if (status == 503) {
            throw new HeadroomException(where() + " is unavailable (HTTP 503" + (error.isEmpty() ? "" : ": " + error)
                    + "): it may be starting or overloaded; try again in a minute.");
        }
        throw new HeadroomException(where() + " answered HTTP " + status + " reading " + purpose
                + (error.isEmpty() ? "" : " (" + errorType + ": " + error + ")") + "; try again, and check the server's log.");
    }

    private static boolean tooManySamples(String error) {
        return error.contains("too many samples") || error.contains("exceeded maximum resolution")
                || error.contains("query.max-samples");
    }

    private static String describeBody(HttpResponse<String> r) {
        String type = r.headers().firstValue("Content-Type").orElse("no content type");
        String body = r.body() == null ? "" : r.body().strip();
        return type + ", " + (body.isEmpty() ? "empty" : "starting \"" + clip(body.substring(0, Math.min(60, body.length())))
                + "\"");
    }

    private HeadroomException notExpected(String query, String purpose, String what) {
        return new HeadroomException(where() + " answered " + what + " for " + purpose
                + ". Make the query return one series per host. Query: " + clip(query));
    }

    private static String clip(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() <= MAX_ERROR_CHARS ? one : one.substring(0, MAX_ERROR_CHARS) + "…";
    }

    private static Map<String, String> labels(JsonNode metric) {
        Map<String, String> m = new TreeMap<>();
        metric.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private double value(JsonNode v, String query, String purpose) {
        String text = v.asText("");
        switch (text) {
            case "NaN", "+Inf", "-Inf", "Inf" -> {
                return Double.NaN;
            }
            default -> {
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw notExpected(query, purpose, "the sample value \"" + clip(text) + "\"");
                }
            }
        }
    }

    private static long millis(JsonNode t) {
        return t.decimalValue().movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }

    /** An instant as Prometheus reads it: Unix seconds with milliseconds. */
    static String seconds(Instant at) {
        return BigDecimal.valueOf(at.toEpochMilli()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    /** Trusts any certificate and skips the host-name check: {@code tls_insecure_skip_verify=true} only. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
