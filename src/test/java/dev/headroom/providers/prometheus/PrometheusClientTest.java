package dev.headroom.providers.prometheus;

import dev.headroom.domain.HeadroomException;
import dev.headroom.providers.prometheus.FakePrometheus.Reply;
import dev.headroom.providers.prometheus.PrometheusClient.Series;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The HTTP client against a tiny local server: queries, chunking, auth headers and every failure's message. */
class PrometheusClientTest {
    /** A canary: must never appear in an exception message or its causes. */
    private static final String SECRET = "s3cr3t-canary-7f1e";
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private FakePrometheus server;

    @BeforeEach
    void start() {
        server = new FakePrometheus();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private PrometheusClient client(Map<String, String> extra, String secret) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(PrometheusSettings.URL, server.url().toString());
        s.putAll(extra);
        return new PrometheusClient("prod", PrometheusSettings.parse("prod", s),
                Optional.ofNullable(secret).map(String::toCharArray));
    }

    private PrometheusClient bearer() {
        return client(Map.of(PrometheusSettings.AUTH, "bearer"), SECRET);
    }

    @Test
    void anInstantQueryIsPostedWithItsTimeAndReadBack() {
        server.answer(r -> Reply.vector("{\"metric\":{\"instance\":\"a:9100\"},\"value\":[1793491200,\"42.5\"]},"
                + "{\"metric\":{\"instance\":\"b:9100\"},\"value\":[1793491200,\"NaN\"]}"));
        List<PrometheusClient.Sample> samples = client(Map.of(), null).instant("up", T0, "a test");
        assertThat(samples).hasSize(2);
        assertThat(samples.get(0).labels()).containsEntry("instance", "a:9100");
        assertThat(samples.get(0).value()).isEqualTo(42.5);
        assertThat(samples.get(1).value()).isNaN();
        FakePrometheus.Request r = server.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/api/v1/query");
        assertThat(r.form()).containsEntry("query", "up").containsEntry("time", "1793491200")
                .containsEntry("timeout", "1m");
        assertThat(r.headers()).doesNotContainKey("Authorization");
    }

    @Test
    void aBearerTokenIsSentAsAnAuthorizationHeader() {
        bearer().instant("up", T0, "a test");
        assertThat(server.requests().get(0).headers()).containsEntry("Authorization", "Bearer " + SECRET);
    }

    @Test
    void basicAuthSendsTheUserNameAndPassword() {
        client(Map.of(PrometheusSettings.AUTH, "basic", PrometheusSettings.USERNAME, "grafana"), SECRET)
                .instant("up", T0, "a test");
        String expected = "Basic " + Base64.getEncoder().encodeToString(("grafana:" + SECRET)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(server.requests().get(0).headers()).containsEntry("Authorization", expected);
    }

    @Test
    void aMissingSecretIsReportedBeforeAnythingIsSent() {
        HeadroomException e = catchThrowableOfType(() -> client(Map.of(PrometheusSettings.AUTH, "bearer"), null),
                HeadroomException.class);
        assertThat(e.operatorMessage()).contains("no token is stored").contains("headroom/prod/prometheus_secret");
        assertThat(server.requests()).isEmpty();
    }

    /**
     * A range longer than 11,000 evaluation times is split into requests Prometheus accepts (the
     * fake refuses more, in Prometheus's words) and joined without a time twice or a time missing.
     */
    @Test
    void aLongRangeIsSplitIntoChunksAndJoinedWithoutDuplicatesOrGaps() {
        server.answer(r -> {
            long start = new BigDecimal(r.form().get("start")).longValueExact();
            long end = new BigDecimal(r.form().get("end")).longValueExact();
            long step = Long.parseLong(r.form().get("step"));
            if ((end - start) / step + 1 > 11_000) {
                return Reply.error(400, "bad_data", "exceeded maximum resolution of 11,000 points per timeseries. "
                        + "Try decreasing the query resolution (?step=XX)");
            }
            StringBuilder a = new StringBuilder();
            StringBuilder b = new StringBuilder();
            for (long t = start; t <= end; t += step) {
                a.append(a.length() == 0 ? "" : ",").append("[").append(t).append(",\"").append(t % 1000).append("\"]");
                // host b reports only in the second half of the range: its series is absent from the first chunk
                if (t >= T0.getEpochSecond() + 15_000 * 60L) {
                    b.append(b.length() == 0 ? "" : ",").append("[").append(t).append(",\"1\"]");
                }
            }
            String result = "{\"metric\":{\"instance\":\"a\"},\"values\":[" + a + "]}"
                    + (b.length() == 0 ? "" : ",{\"metric\":{\"instance\":\"b\"},\"values\":[" + b + "]}");
            return Reply.success("{\"resultType\":\"matrix\",\"result\":[" + result + "]}");
        });
        Duration step = Duration.ofMinutes(1);
        Instant end = T0.plus(step.multipliedBy(24_999));
        List<Double> progress = new ArrayList<>();
        List<Series> series = client(Map.of(), null).rangeChunked("x", T0, end, step, "a test",
                (f, m) -> progress.add(f));

        List<FakePrometheus.Request> requests = server.requests();
        assertThat(requests).hasSize(3);
        long previousEnd = -1;
        for (FakePrometheus.Request r : requests) {
            long s = new BigDecimal(r.form().get("start")).longValueExact();
            long e = new BigDecimal(r.form().get("end")).longValueExact();
            assertThat((e - s) / 60 + 1).isLessThanOrEqualTo(11_000);
            if (previousEnd >= 0) {
                assertThat(s).as("the next chunk starts one step after the last").isEqualTo(previousEnd + 60);
            }
            previousEnd = e;
        }
        assertThat(previousEnd).isEqualTo(end.getEpochSecond());
        assertThat(progress).containsExactly(1 / 3.0, 2 / 3.0, 1.0);

        Series a = series.stream().filter(s -> s.labels().get("instance").equals("a")).findFirst().orElseThrow();
        assertThat(a.size()).isEqualTo(25_000);
        for (int i = 0; i < a.size(); i++) {
            long t = T0.getEpochSecond() + 60L * i;
            assertThat(a.timesMillis()[i]).isEqualTo(t * 1000);
            assertThat(a.values()[i]).isEqualTo(t % 1000);
        }
        Series b = series.stream().filter(s -> s.labels().get("instance").equals("b")).findFirst().orElseThrow();
        assertThat(b.size()).isEqualTo(10_000);
        assertThat(b.timesMillis()[0]).isEqualTo((T0.getEpochSecond() + 15_000 * 60L) * 1000);
    }

    @Test
    void aSmallerChunkSizeFromTheSettingsIsHonoured() {
        server.answer(r -> Reply.success("{\"resultType\":\"matrix\",\"result\":[]}"));
        client(Map.of(PrometheusSettings.MAX_POINTS_PER_QUERY, "100"), null)
                .rangeChunked("x", T0, T0.plus(Duration.ofMinutes(250)), Duration.ofMinutes(1), "a test",
                        (f, m) -> { });
        assertThat(server.requests()).hasSize(3);
        assertThat(server.requests().get(2).form()).containsEntry("start",
                Long.toString(T0.getEpochSecond() + 200 * 60)).containsEntry("end", Long.toString(T0.getEpochSecond() + 250 * 60));
    }

    @Test
    void buildVersionAndTargetsAreRead() {
        server.answer(r -> switch (r.path()) {
            case "/api/v1/status/buildinfo" -> Reply.success("{\"version\":\"2.42.0\",\"revision\":\"x\"}");
            case "/api/v1/targets" -> Reply.success("{\"activeTargets\":[{\"health\":\"up\"},{\"health\":\"down\"},"
                    + "{\"health\":\"up\"},{\"health\":\"unknown\"}],\"droppedTargets\":[]}");
            default -> Reply.json(404, "");
        });
        PrometheusClient c = client(Map.of(), null);
        assertThat(c.buildVersion()).hasValue("2.42.0");
        assertThat(c.targets()).hasValue(new PrometheusClient.Targets(2, 1, 4));
        assertThat(server.requests().get(1).form()).containsEntry("state", "active");
    }

    // ---- failures: each an operator message, none with the secret ----

    private HeadroomException failure(Runnable call) {
        HeadroomException e = catchThrowableOfType(call::run, HeadroomException.class);
        assertThat(e).as("a HeadroomException").isNotNull();
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
            assertThat(t.toString()).doesNotContain(SECRET);
        }
        assertThat(e.operatorMessage()).doesNotContain(SECRET);
        return e;
    }

    private void answering(Reply reply, Consumer<HeadroomException> check) {
        server.answer(r -> reply);
        check.accept(failure(() -> bearer().instant("rate(x[5m])", T0, "CPU utilisation (setting query.cpu)")));
    }

    @Test
    void aRefusedConnectionSaysToCheckThatPrometheusRuns() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PrometheusClient c = new PrometheusClient("prod", PrometheusSettings.parse("prod",
                Map.of(PrometheusSettings.URL, "http://127.0.0.1:" + port, PrometheusSettings.AUTH, "bearer")),
                Optional.of(SECRET.toCharArray()));
        HeadroomException e = failure(() -> c.instant("up", T0, "a test"));
        assertThat(e.operatorMessage()).contains("Prometheus at http://127.0.0.1:" + port + " cannot be reached")
                .contains("check that Prometheus is running");
    }

    @Test
    void aSlowServerTimesOutWithTheSettingToRaise() {
        server.answer(r -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Reply.vector("");
        });
        PrometheusClient c = client(Map.of(PrometheusSettings.QUERY_TIMEOUT, "400ms", PrometheusSettings.AUTH, "bearer"),
                SECRET);
        HeadroomException e = failure(() -> c.instant("up", T0, "a test"));
        assertThat(e.operatorMessage()).contains("did not answer within 600ms").contains("raise query_timeout");
    }

    @Test
    void unauthorisedSaysToStoreTheTokenAgain() {
        answering(Reply.json(401, "Unauthorized"), e -> assertThat(e.operatorMessage())
                .contains("refused the credentials of account \"prod\" (HTTP 401, unauthorised)")
                .contains("check the bearer token"));
    }

    @Test
    void forbiddenIsACredentialsProblemToo() {
        answering(Reply.json(403, "{\"status\":\"error\",\"error\":\"forbidden for " + "tenant\"}"),
                e -> assertThat(e.operatorMessage()).contains("HTTP 403, forbidden"));
    }

    @Test
    void askingForCredentialsWithoutAuthSaysWhichSettingToSet() {
        server.answer(r -> Reply.json(401, ""));
        HeadroomException e = failure(() -> client(Map.of(), null).instant("up", T0, "a test"));
        assertThat(e.operatorMessage()).contains("set auth to bearer or basic");
    }

    @Test
    void badPromQlQuotesTheQueryAndPrometheusError() {
        answering(Reply.error(400, "bad_data", "invalid parameter \\\"query\\\": 1:6: parse error: unexpected \\\"[\\\""),
                e -> assertThat(e.operatorMessage())
                        .contains("rejected the query for CPU utilisation (setting query.cpu) (bad_data)")
                        .contains("parse error: unexpected \"[\"")
                        .contains("Query: rate(x[5m])"));
    }

    @Test
    void anExecutionErrorIsReportedWithTheQuery() {
        answering(Reply.error(422, "execution", "found duplicate series for the match group"),
                e -> assertThat(e.operatorMessage()).contains("could not evaluate CPU utilisation")
                        .contains("found duplicate series").contains("Query: rate(x[5m])"));
    }

    @Test
    void tooManySamplesSaysToNarrowTheRange() {
        answering(Reply.error(422, "execution", "query processing would load too many samples into memory in query "
                        + "execution"),
                e -> assertThat(e.operatorMessage()).contains("refused to load that many samples")
                        .contains("shorter range or a larger step").contains("max_points_per_query"));
    }

    @Test
    void tooManyPointsPerSeriesIsTheSameAdvice() {
        answering(Reply.error(400, "bad_data", "exceeded maximum resolution of 11,000 points per timeseries"),
                e -> assertThat(e.operatorMessage()).contains("refused to load that many samples"));
    }

    @Test
    void aPrometheusTimeoutSaysToRaiseTheQueryTimeout() {
        answering(Reply.error(503, "timeout", "query timed out in expression evaluation"),
                e -> assertThat(e.operatorMessage()).contains("timed out evaluating CPU utilisation")
                        .contains("raise query_timeout"));
    }

    @Test
    void unavailableSaysToTryAgain() {
        answering(Reply.error(503, "unavailable", "TSDB not ready"),
                e -> assertThat(e.operatorMessage()).contains("is unavailable (HTTP 503: TSDB not ready)"));
    }

    @Test
    void aLoginPageIsNotThePrometheusApi() {
        answering(new Reply(200, "text/html", "<html><body>Sign in</body></html>"),
                e -> assertThat(e.operatorMessage()).contains("not the Prometheus API")
                        .contains("text/html").contains("<html>"));
    }

    @Test
    void aWrongPathSaysTheUrlIsNotPrometheus() {
        answering(new Reply(404, "text/plain", "404 page not found"),
                e -> assertThat(e.operatorMessage()).contains("has no /api/v1/query (HTTP 404)"));
    }

    @Test
    void aRangeWhereAnInstantWasExpectedIsNamed() {
        answering(Reply.success("{\"resultType\":\"matrix\",\"result\":[]}"),
                e -> assertThat(e.operatorMessage()).contains("a matrix instead of an instant vector"));
    }

    @Test
    void aTrustedCaFileThatIsMissingIsReportedWithTheSetting() {
        Map<String, String> s = Map.of(PrometheusSettings.URL, "https://127.0.0.1:1",
                PrometheusSettings.TLS_CA_FILE, "/no/such/ca.pem");
        assertThatThrownBy(() -> new PrometheusClient("prod", PrometheusSettings.parse("prod", s), Optional.empty()))
                .isInstanceOf(HeadroomException.class)
                .satisfies(t -> assertThat(((HeadroomException) t).operatorMessage())
                        .contains("tls_ca_file: /no/such/ca.pem is not a readable file"));
    }
}
