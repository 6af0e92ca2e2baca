package dev.headroom.credentials;

import dev.headroom.cli.HeadroomCli;
import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.engine.DataDirectory;
import dev.headroom.engine.Engine;
import dev.headroom.engine.Logs;
import dev.headroom.fleet.StoreTestData;
import dev.headroom.testing.CanaryScan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7's proof that secrets stay out of clear text: a canary bearer token goes in through the
 * {@link SecretStore}, its account keeps only the reference, and then every path that writes or
 * logs today runs on a temporary data directory; every file written there (the database with its
 * WAL and SHM, the secrets file, the logs, exports, plan.json, the audit export) and everything
 * printed is searched for the canary in every encoding {@link CanaryScan} knows.
 *
 * <p>The scan could pass by looking at nothing, so the test also checks that each of those files
 * was scanned, that the scanner finds the canary written on purpose in each encoding, and that a
 * secret put into an account's settings (the mistake this guards against) is caught in the
 * database.
 */
class CanarySecretScanTest {
    private static final String ACCOUNT = "prom-canary";
    private static final String FIELD = "bearer-token";
    private static final PassphraseSource PASSPHRASE = (file, creating) -> "canary test passphrase".toCharArray();

    private final Logger root = LogManager.getLogManager().getLogger("");
    private List<Handler> savedHandlers;
    private Level savedLevel;

    @BeforeEach
    void saveLogging() {
        savedHandlers = List.of(root.getHandlers());
        savedLevel = root.getLevel();
    }

    @AfterEach
    void restoreLogging() {
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
            h.close();
        }
        savedHandlers.forEach(root::addHandler);
        root.setLevel(savedLevel);
    }

    private static SecretStore secrets(Path dataDir) {
        return SecretStores.open(dataDir, SecretStores.Choice.AUTO,
                () -> new KeyringSecretStore.Availability(Optional.empty(), "no keyring in this test"), PASSPHRASE);
    }

    private static Account prometheusAccount(String reference) {
        return new Account(ACCOUNT, AccountKind.PROMETHEUS, Instant.parse("2026-11-01T00:00:00Z"), Map.of(
                "url", "https://prom.example:9090", "instance-label", "instance", FIELD, reference));
    }

    /** Runs the CLI in-process; its stdout and stderr go to the scan. */
    private record Cli(Path dataDir, CanaryScan scan) {
        record Result(int code, String out, String err) {
        }

        Result run(String... args) {
            List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
            all.addAll(List.of(args));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = HeadroomCli.run(all.toArray(String[]::new), d -> {
                throw new AssertionError("no console in this test");
            }, new PrintWriter(out), new PrintWriter(err));
            String name = "headroom " + String.join(" ", args);
            scan.text(name + " (stdout)", out.toString());
            scan.text(name + " (stderr)", err.toString());
            return new Result(code, out.toString(), err.toString());
        }
    }

    @Test
    void everyPathThatPersistsOrLogsKeepsTheCanaryOut(@TempDir Path tmp) throws IOException {
        String canary = CanaryScan.newCanary();
        CanaryScan scan = new CanaryScan(canary);
        Path dataDir = tmp.resolve("data");
        String reference = SecretStore.reference(ACCOUNT, FIELD);

        // the secret goes to the store, the account (stored through the engine) holds the reference
        SecretStore store = secrets(dataDir);
        store.put(reference, canary.toCharArray());
        Path logFile = Logs.toFiles(dataDir);
        try (Engine engine = Engine.open(dataDir)) {
            AccountSnapshot snapshot = importable(StoreTestData.snapshot().named(ACCOUNT).days(7).policy(Optional.empty()).build()
                    .withAccount(prometheusAccount(reference)));
            engine.store().replace(snapshot);
            assertThat(engine.store().account(ACCOUNT).orElseThrow().settings()).containsEntry(FIELD, reference);
            Path wal = dataDir.resolve(DataDirectory.DATABASE_FILE + "-wal");
            assertThat(wal).as("scanned while the engine is open, so the WAL holds the new pages").exists();
            scan.files(dataDir);
        }

        // what a provider does on connecting, and what a careless one would log on failure
        char[] token = store.get(reference).orElseThrow();
        assertThat(new String(token)).isEqualTo(canary);
        Logger provider = Logger.getLogger("dev.headroom.providers.prometheus");
        provider.log(Level.WARNING, "GET https://prom.example:9090/api/v1/query failed: 401 for Authorization: Bearer "
                + new String(token), new IOException("server echoed token " + new String(token)));
        provider.log(Level.SEVERE, "request {0} failed", new Object[]{"https://ops:" + new String(token)
                + "@prom.example:9090/"});
        provider.log(Level.WARNING, "reply body: {\"error\":\"bad token\",\"got\":\"" + new String(token) + "\"}");

        Cli cli = new Cli(dataDir, scan);
        for (String format : new String[]{"table", "json", "csv"}) {
            Cli.Result accounts = cli.run("accounts", "--format", format);
            assertThat(accounts.code()).as(accounts.err()).isZero();
            assertThat(accounts.out()).contains(ACCOUNT);
        }
        Path exported = tmp.resolve("export");
        Cli.Result export = cli.run("export", "--account", ACCOUNT, exported.toString());
        assertThat(export.code()).as(export.err()).isZero();
        Cli.Result gz = cli.run("export", "--account", ACCOUNT, "--gzip", tmp.resolve("export-gz").toString());
        assertThat(gz.code()).as(gz.err()).isZero();

        Path planJson = tmp.resolve("plan.json");
        Cli.Result plan = cli.run("plan", "--scenario", exported.toString(), "--out", planJson.toString());
        assertThat(plan.code()).as(plan.err()).isZero();
        assertThat(planJson).exists();

        Cli.Result imported = cli.run("import", exported.toString(), "--name", "prom-copy");
        assertThat(imported.code()).as(imported.err()).isZero();
        Cli.Result scenario = cli.run("scenarios", "--account", "prom-copy", "plan", "canary-check");
        assertThat(scenario.code()).as(scenario.err()).isZero();
        Cli.Result shown = cli.run("scenarios", "--account", "prom-copy", "show", "canary-check");
        assertThat(shown.out()).contains("batches");

        // error paths: the account's provider cannot connect in this version, a missing account
        Cli.Result providerError = cli.run("plan", "--account", ACCOUNT);
        assertThat(providerError.code()).isEqualTo(HeadroomCli.OPERATOR_ERROR);
        assertThat(providerError.err()).contains(ACCOUNT);
        Cli.Result fleet = cli.run("fleet", "--account", ACCOUNT);
        assertThat(fleet.out() + fleet.err()).isNotBlank();
        Cli.Result missing = cli.run("export", "--account", "no-such-account", tmp.resolve("nothing").toString());
        assertThat(missing.code()).isEqualTo(HeadroomCli.OPERATOR_ERROR);

        Path auditFile = tmp.resolve("audit.jsonl");
        Cli.Result audit = cli.run("audit", "export", "--out", auditFile.toString());
        assertThat(audit.code()).as(audit.err()).isZero();
        assertThat(Files.readString(auditFile)).contains("canary-check");
        Cli.Result auditCsv = cli.run("audit", "export", "--format", "csv");
        assertThat(auditCsv.code()).as(auditCsv.err()).isZero();
        assertThat(cli.run("audit", "verify").code()).isZero();

        // the account paths that take a secret: add (secret to the store), test and sync against a
        // Prometheus that cannot be reached (the errors are stored as the account's status), remove
        try (Engine engine = new Engine(dataDir, dev.headroom.persistence.SqliteStore.open(
                DataDirectory.databaseFile(dataDir)), java.time.Clock.systemUTC(), () -> secrets(dataDir))) {
            dev.headroom.engine.AccountService accounts = engine.accounts();
            accounts.add(AccountKind.PROMETHEUS, "prom-added", Map.of("url", "http://127.0.0.1:9", "auth", "bearer",
                    "connect_timeout", "2s"), Map.of("prometheus_secret", canary.toCharArray()));
            for (Runnable call : List.<Runnable>of(() -> accounts.test("prom-added"),
                    () -> accounts.sync("prom-added", (f, m) -> scan.text("sync progress", m)))) {
                Throwable t = org.assertj.core.api.Assertions.catchThrowable(call::run);
                assertThat(t).as("an unreachable Prometheus").isInstanceOf(dev.headroom.domain.HeadroomException.class);
                scan.text("account error", ((dev.headroom.domain.HeadroomException) t).operatorMessage());
                scan.text("account error (technical)", String.valueOf(t));
            }
            assertThat(engine.store().account("prom-added").orElseThrow().setting("last_error", "")).isNotEmpty();
            Cli.Result listed = cli.run("accounts", "--format", "json");
            assertThat(listed.out()).contains("prom-added");
            scan.files(dataDir);
            assertThat(new String(secrets(dataDir).get(SecretStore.reference("prom-added", "prometheus_secret"))
                    .orElseThrow())).isEqualTo(canary);
            accounts.remove("prom-added");
            assertThat(secrets(dataDir).get(SecretStore.reference("prom-added", "prometheus_secret"))).isEmpty();
        }

        for (Handler h : root.getHandlers()) {
            h.flush();
        }
        scan.files(tmp);

        // the scan covered what it claims to: each kind of file was there to be searched
        assertThat(scan.scanned()).contains(dataDir.resolve(DataDirectory.DATABASE_FILE).toString(),
                dataDir.resolve(DataDirectory.DATABASE_FILE + "-wal").toString(),
                dataDir.resolve(DataDirectory.DATABASE_FILE + "-shm").toString(),
                SecretStores.secretsFile(dataDir).toString(), logFile.toString(),
                exported.resolve("hosts.csv").toString(), planJson.toString(), auditFile.toString(),
                tmp.resolve("export-gz").resolve("metrics.csv.gz") + " (unpacked gzip)");
        scan.assertClean();
        assertThat(Files.readString(logFile)).as("the provider's failures were logged, masked")
                .contains("401 for Authorization", "request", Redaction.MASK);
        // the secret is really in the store, and the database really holds the reference
        assertThat(new String(secrets(dataDir).get(reference).orElseThrow())).isEqualTo(canary);
        try (Engine engine = Engine.open(dataDir)) {
            assertThat(engine.store().account(ACCOUNT).orElseThrow().setting(FIELD, "")).isEqualTo(reference);
        }
    }

    @Test
    void aSecretPutIntoAccountSettingsIsCaughtInTheDatabase(@TempDir Path tmp) {
        String canary = CanaryScan.newCanary();
        Path dataDir = tmp.resolve("data");
        try (Engine engine = Engine.open(dataDir)) {
            engine.store().replace(StoreTestData.snapshot().named(ACCOUNT).build()
                    .withAccount(prometheusAccount(canary)));
        }
        CanaryScan scan = new CanaryScan(canary).files(dataDir);
        assertThat(scan.findings()).isNotEmpty()
                .anySatisfy(f -> assertThat(f.where()).contains(DataDirectory.DATABASE_FILE));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plain", "UTF-16LE", "UTF-16BE", "Base64+0", "Base64+1", "Base64+2", "Base64url+1",
        "URL-encoded", "JSON-escaped", "hex", "HEX", "gzip", "in binary noise"})
    void theScannerFindsTheCanaryWrittenInEachEncoding(String encoding, @TempDir Path tmp) throws IOException {
        String canary = CanaryScan.newCanary();
        String line = "Authorization: Bearer " + canary + "\n";
        byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
        byte[] content = switch (encoding) {
            case "plain" -> utf8;
            case "UTF-16LE" -> line.getBytes(StandardCharsets.UTF_16LE);
            case "UTF-16BE" -> line.getBytes(StandardCharsets.UTF_16BE);
            case "Base64+0", "Base64+1", "Base64+2" -> Base64.getEncoder().encode(
                    concat("xyz".substring(0, encoding.charAt(7) - '0').getBytes(StandardCharsets.UTF_8), utf8));
            case "Base64url+1" -> Base64.getUrlEncoder().encode(concat(new byte[]{7}, utf8));
            case "URL-encoded" -> ("https://prom.example/?token=" + URLEncoder.encode(canary, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
            case "JSON-escaped" -> ("{\"token\":\"" + canary.replace("/", "\\/").replace("%", "\\u0025") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            case "hex" -> HexFormat.of().formatHex(utf8).getBytes(StandardCharsets.US_ASCII);
            case "HEX" -> HexFormat.of().withUpperCase().formatHex(utf8).getBytes(StandardCharsets.US_ASCII);
            case "gzip" -> gzip(utf8);
            case "in binary noise" -> concat(concat(noise(4099), canary.getBytes(StandardCharsets.UTF_8)), noise(77));
            default -> throw new IllegalArgumentException(encoding);
        };
        Path file = Files.write(Files.createDirectories(tmp.resolve("deep").resolve("er")).resolve("leak.bin"), content);
        Files.writeString(tmp.resolve("clean.txt"), "nothing to see");

        CanaryScan scan = new CanaryScan(canary).files(tmp);
        assertThat(scan.scanned()).contains(file.toString(), tmp.resolve("clean.txt").toString());
        assertThat(scan.findings()).as(encoding).isNotEmpty()
                .allSatisfy(f -> assertThat(f.where()).startsWith(file.toString()));
        org.assertj.core.api.Assertions.assertThatThrownBy(scan::assertClean).isInstanceOf(AssertionError.class)
                .hasMessageContaining("leak.bin");
    }

    @Test
    void aScanOfCleanFilesAndTextPassesAndAScanOfNothingFails(@TempDir Path tmp) throws IOException {
        String canary = CanaryScan.newCanary();
        Files.writeString(tmp.resolve("a.txt"), CanaryScan.newCanary());
        CanaryScan scan = new CanaryScan(canary).files(tmp).text("stdout", "Exported account \"prom\".");
        assertThat(scan.findings()).isEmpty();
        scan.assertClean();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CanaryScan(canary).assertClean())
                .isInstanceOf(AssertionError.class).hasMessageContaining("looked at nothing");
    }

    /** The store fixture without its sub-second series, which a scenario import rightly refuses. */
    private static AccountSnapshot importable(AccountSnapshot s) {
        return new AccountSnapshot(s.account(), s.instanceTypes(), s.hosts(), s.services(), s.dependencies(),
                s.metrics().stream().filter(m -> m.start().getNano() == 0).toList(), s.releases(), s.updateHistory(),
                s.events(), s.policy());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] noise(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }
}
