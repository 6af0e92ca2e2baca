package dev.headroom.providers.prometheus;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server for integration tests (Debian's {@code prometheus} package, which
 * {@code .ci/run} installs): the generated history is backfilled with {@code promtool tsdb
 * create-blocks-from openmetrics} into a temporary data directory, the server started on a free
 * loopback port and, at {@link #close()}, stopped by its PID.
 */
final class RealPrometheus implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    final NodeExporterHistory history;
    final URI url;
    final Duration startup;
    private final Process process;
    private final Path log;

    private RealPrometheus(NodeExporterHistory history, URI url, Process process, Path log, Duration startup) {
        this.history = history;
        this.url = url;
        this.process = process;
        this.log = log;
        this.startup = startup;
    }

    /** Why the real-server tests cannot run here, or empty when {@code prometheus} and {@code promtool} are on the PATH. */
    static Optional<String> unavailable() {
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("prometheus", "promtool")) {
            if (find(tool).isEmpty()) {
                missing.add(tool);
            }
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", missing)
                + " not found on the PATH: install Debian's prometheus package (apt-get install prometheus; .ci/run does)"
                + " to run the tests against a real Prometheus server");
    }

    private static Optional<Path> find(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Generates a day of history ending at the last whole five minutes an hour ago, backfills it and starts the server. */
    static RealPrometheus start(Path dir) {
        long step = NodeExporterHistory.STEP.toSeconds();
        return start(dir, Instant.ofEpochSecond((Instant.now().getEpochSecond() - 3600) / step * step));
    }

    /** As {@link #start(Path)} with the history ending at {@code end} (a multiple of five minutes). */
    static RealPrometheus start(Path dir, Instant end) {
        long t0 = System.nanoTime();
        NodeExporterHistory history = NodeExporterHistory.generate(end);
        try {
            Path om = dir.resolve("history.om");
            history.writeOpenMetrics(om);
            Path data = dir.resolve("data");
            Files.createDirectories(data);
            long written = System.nanoTime();
            run(dir.resolve("promtool.log"), find("promtool").orElseThrow().toString(), "tsdb", "create-blocks-from",
                    "openmetrics", om.toString(), data.toString());
            long backfilled = System.nanoTime();
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: prometheus\n"
                    + "    static_configs:\n      - targets: ['127.0.0.1:" + port + "']\n");
            Path log = dir.resolve("prometheus.log");
            Process p = new ProcessBuilder(find("prometheus").orElseThrow().toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + data, "--web.listen-address=127.0.0.1:" + port,
                    "--storage.tsdb.retention.time=30d")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            URI url = URI.create("http://127.0.0.1:" + port);
            RealPrometheus server = new RealPrometheus(history, url, p, log, Duration.ZERO);
            try {
                server.awaitReady();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            long ready = System.nanoTime();
            System.out.printf("real Prometheus: history generated and written in %d ms, backfilled by promtool in %d ms, "
                    + "server ready in %d ms%n", (written - t0) / 1_000_000, (backfilled - written) / 1_000_000,
                    (ready - backfilled) / 1_000_000);
            return new RealPrometheus(history, url, p, log, Duration.ofNanos(ready - t0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(Path log, String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "):\n"
                    + tail(log));
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited (" + process.exitValue() + "):\n" + tail(log));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) url.resolve("/-/ready").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(1000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("prometheus not ready after " + READY_TIMEOUT + ":\n" + tail(log));
    }

    long pid() {
        return process.pid();
    }

    /** An account for this server: the test's mapping (service from the {@code service} label, version labelled). */
    Account account(String name, Map<String, String> extra) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(PrometheusSettings.URL, url.toString());
        s.put(PrometheusSettings.MAPPING, "service=service;version=version");
        s.put(PrometheusSettings.SELECTOR, "job=\"" + NodeExporterHistory.JOB + "\"");
        s.put(PrometheusSettings.SERVICE_GRAPH, "istio");
        s.putAll(extra);
        return new Account(name, AccountKind.PROMETHEUS, history.end, s);
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server by its PID: SIGTERM, then SIGKILL if it has not exited within ten seconds. */
    @Override
    public void close() {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
