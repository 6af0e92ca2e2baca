package dev.headroom.rollout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Cheaper child JVMs for the crash proofs. A killed life costs a JVM start, and most of a start is
 * loading and verifying classes: so the children run on a slim class path (this build's classes in
 * one jar, the engine's libraries without the UI and test frameworks, which the engine cannot
 * reference), with a dynamic class-data archive made once per parent JVM by a training run that
 * goes through a whole rollout ({@code -XX:ArchiveClassesAtExit}, then
 * {@code -XX:SharedArchiveFile}), and with SQLite's native library extracted once instead of at
 * every start. CDS needs classes in jars (it does not archive class directories), hence the jar.
 *
 * <p>{@code headroom.crash.cds=false} turns the archive off (for the before/after figures).
 */
final class CrashCampaignJvm {
    /** Jars of the test class path a child never needs: the UI toolkit and the test frameworks. */
    private static final List<String> NOT_FOR_CHILDREN = List.of("javafx-", "jfreechart-", "org.jfree.",
            "controlsfx-", "junit-", "opentest4j-", "jqwik-", "apiguardian-", "archunit-", "testfx-", "org.osgi.",
            "hamcrest-", "openjfx-monocle-", "surefire", "byte-buddy-");
    private static final boolean CDS = !"false".equals(System.getProperty("headroom.crash.cds"));

    private static Path home;
    private static List<String> classPath;
    private static List<String> sqlite;
    private static Path archive;
    private static boolean trained;

    private CrashCampaignJvm() {
    }

    /**
     * Starts {@code main} in a child JVM with {@link CrashInvariants#CHILD_OPTIONS}, {@code jvm} and
     * the shared archive (made first, by {@code training}, if this parent has none yet).
     */
    static synchronized Process start(Training training, Class<?> main, List<String> jvm, String... args)
            throws IOException {
        prepare();
        if (CDS && !trained) {
            trained = true;
            train(training);
        }
        List<String> command = command(jvm);
        if (CDS && Files.exists(archive)) {
            command.add("-XX:SharedArchiveFile=" + archive);
        }
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** A run of a child to its normal end, whose loaded classes make the archive. */
    record Training(Class<?> main, List<String> args) {
    }

    /** The directory of this parent's jar, archive and SQLite library; deleted when the parent ends. */
    static synchronized Path home() throws IOException {
        prepare();
        return home;
    }

    private static List<String> command(List<String> jvm) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        CrashInvariants.CHILD_OPTIONS.stream().filter(o -> !o.isBlank()).forEach(command::add);
        command.addAll(sqlite);
        command.addAll(jvm);
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, classPath));
        return command;
    }

    private static void prepare() throws IOException {
        if (home != null) {
            return;
        }
        Path dir = Files.createTempDirectory("headroom-crash-jvm");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        List<String> entries = new ArrayList<>();
        List<Path> classDirs = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (e.isBlank()) {
                continue;
            }
            Path p = Path.of(e);
            if (Files.isDirectory(p)) {
                classDirs.add(p);
            } else if (NOT_FOR_CHILDREN.stream().noneMatch(n -> p.getFileName().toString().startsWith(n))) {
                entries.add(e);
            }
        }
        Path jar = dir.resolve("headroom-under-test.jar");
        jar(classDirs, jar);
        entries.add(0, jar.toString());
        sqlite = sqliteLibrary(dir);
        classPath = entries;
        archive = dir.resolve("children.jsa");
        home = dir;
    }

    /** This build's class directories in one jar, first class directory winning (as on the class path). */
    private static void jar(List<Path> classDirs, Path jar) throws IOException {
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Path root : classDirs) {
                List<Path> files;
                try (Stream<Path> s = Files.walk(root)) {
                    files = s.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : files) {
                    String name = root.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                    if (!seen.add(name)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(name));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
        }
    }

    /**
     * sqlite-jdbc extracts its native library to a new temporary file at every start unless told
     * where one is: extracted once here. Nothing is set (and the child extracts) if it is not found.
     */
    private static List<String> sqliteLibrary(Path dir) {
        try {
            String folder = org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS();
            String name = System.mapLibraryName("sqlitejdbc");
            if (name.endsWith(".dylib")) {
                name = name.replace(".dylib", ".jnilib");
            }
            try (InputStream in = org.sqlite.SQLiteJDBCLoader.class.getResourceAsStream("/org/sqlite/native/"
                    + folder + "/" + name)) {
                if (in == null) {
                    return List.of();
                }
                Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
            return List.of("-Dorg.sqlite.lib.path=" + dir, "-Dorg.sqlite.lib.name=" + name);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The training run; without an archive (it failed, or made none) the children start without one. */
    private static void train(Training training) throws IOException {
        List<String> command = command(List.of());
        command.add("-XX:ArchiveClassesAtExit=" + archive);
        command.add(training.main().getName());
        command.addAll(training.args());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write("GO\n".getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                System.out.println("crash children: training run failed, children start without an archive: " + out);
                Files.deleteIfExists(archive);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while training the children's class-data archive", e);
        }
    }

    private static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
