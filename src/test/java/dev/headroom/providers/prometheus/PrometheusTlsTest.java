package dev.headroom.providers.prometheus;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.headroom.domain.HeadroomException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The TLS settings against local https servers with certificates made by the JDK's keytool: one
 * whose certificate names 127.0.0.1, one whose certificate names another host.
 */
class PrometheusTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;
    private static HttpsServer rightName;
    private static HttpsServer wrongName;

    @BeforeAll
    static void start() throws Exception {
        rightName = server("right", "ip:127.0.0.1");
        wrongName = server("wrong", "dns:prometheus.internal");
    }

    @AfterAll
    static void stop() {
        for (HttpsServer s : new HttpsServer[]{rightName, wrongName}) {
            if (s != null) {
                s.stop(0);
            }
        }
    }

    private static HttpsServer server(String name, String san) throws Exception {
        Path keystore = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-keystore",
                keystore.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD), "-keypass",
                new String(PASSWORD), "-dname", "CN=" + name, "-ext", "SAN=" + san, "-validity", "2");
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", keystore.toString(), "-storepass",
                new String(PASSWORD), "-file", dir.resolve(name + ".pem").toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(ctx));
        s.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        s.start();
        return s;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("keytool: %s", out).isZero();
    }

    private static PrometheusClient client(HttpsServer s, String... kv) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(PrometheusSettings.URL, "https://127.0.0.1:" + s.getAddress().getPort());
        for (int i = 0; i < kv.length; i += 2) {
            settings.put(kv[i], kv[i + 1]);
        }
        return new PrometheusClient("prod", PrometheusSettings.parse("prod", settings), Optional.empty());
    }

    @Test
    void aPrivateCertificateIsRefusedWithTheSettingToSet() {
        HeadroomException e = catchThrowableOfType(() -> client(rightName).instant("up", Instant.now(), "a test"),
                HeadroomException.class);
        assertThat(e.operatorMessage()).contains("could not be reached over TLS").contains("set tls_ca_file");
    }

    @Test
    void theCaFileMakesItTrusted() {
        assertThat(client(rightName, PrometheusSettings.TLS_CA_FILE, dir.resolve("right.pem").toString())
                .instant("up", Instant.now(), "a test")).isEmpty();
    }

    @Test
    void aTrustedCertificateForAnotherHostIsStillRefused() {
        HeadroomException e = catchThrowableOfType(() -> client(wrongName, PrometheusSettings.TLS_CA_FILE,
                dir.resolve("wrong.pem").toString()).instant("up", Instant.now(), "a test"), HeadroomException.class);
        assertThat(e.operatorMessage()).contains("could not be reached over TLS")
                .contains("if the certificate names another host, use that name in the url");
    }

    @Test
    void insecureSkipVerifyTrustsAnyCertificateAndHostName() {
        assertThat(client(wrongName, PrometheusSettings.TLS_INSECURE_SKIP_VERIFY, "true")
                .instant("up", Instant.now(), "a test")).isEmpty();
    }

    @Test
    void aFileWithoutCertificatesIsReportedWithTheSetting() throws IOException {
        Path notPem = Files.writeString(dir.resolve("empty.pem"), "");
        HeadroomException e = catchThrowableOfType(() -> client(rightName, PrometheusSettings.TLS_CA_FILE,
                notPem.toString()), HeadroomException.class);
        assertThat(e.operatorMessage()).contains("setting tls_ca_file").contains("holds no certificate");
    }
}
