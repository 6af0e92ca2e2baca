package dev.headroom.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Cold start to first frame of the packaged console: starts {@code java -jar target/headroom.jar}
 * in a fresh JVM N times and measures from process start to the first-frame marker the console
 * prints under {@code -Dheadroom.startupProbe=true}. Needs a display (e.g. {@code xvfb-run -a}).
 * The first run also creates the database and the sandbox fleet; it is reported but not counted,
 * as operators start an existing installation far more often than a new one.
 *
 * <pre>
 * mvn -q package -DskipTests
 * xvfb-run -a java -cp target/test-classes dev.headroom.bench.StartupBench [runs]
 * </pre>
 */
public final class StartupBench {
    private static final String MARKER = "headroom: first frame";

    private StartupBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path jar = Path.of("target", "headroom.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn -q package -DskipTests first");
        }
        Path dataDir = Files.createTempDirectory("headroom-startup");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Dheadroom.startupProbe=true", "-jar", jar.toString(),
                "--data-dir", dataDir.toString());

        double first = timeOnce(command);
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            times.add(timeOnce(command));
        }
        List<Double> sorted = new ArrayList<>(times);
        sorted.sort(Double::compare);
        System.out.println("| measure | seconds |");
        System.out.println("| --- | --- |");
        System.out.printf(Locale.ROOT, "| first start (creates database and sandbox) | %.2f |%n", first);
        for (int i = 0; i < times.size(); i++) {
            System.out.printf(Locale.ROOT, "| cold start %d | %.2f |%n", i + 1, times.get(i));
        }
        System.out.printf(Locale.ROOT, "| **median of %d** | **%.2f** |%n", runs, sorted.get(sorted.size() / 2));
    }

    private static double timeOnce(List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        double seconds = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (seconds < 0 && line.contains(MARKER)) {
                    seconds = (System.nanoTime() - start) / 1e9;
                }
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        if (seconds < 0) {
            throw new IllegalStateException("the console never reported its first frame (exit " + p.exitValue()
                    + "); is there a display? Try xvfb-run -a.");
        }
        return seconds;
    }
}
