package dev.headroom.engine;

import dev.headroom.credentials.Redaction;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Sends the process's log (java.util.logging, which {@code System.Logger} also uses) to rotating
 * files under {@code <data-dir>/logs} instead of the terminal: operators see operator messages,
 * the technical detail and stack traces go to the file they can attach to a report.
 */
public final class Logs {
    private static final int FILE_LIMIT_BYTES = 2 * 1024 * 1024;
    private static final int FILE_COUNT = 5;

    private Logs() {
    }

    /** The directory the log files are written to. */
    public static Path directory(Path dataDir) {
        return dataDir.resolve("logs");
    }

    /**
     * Routes logging to {@code <dataDir>/logs/headroom-N.log}. When the directory cannot be
     * written, logging stays where it was: a broken log must not stop the operator's command.
     *
     * @return the log file pattern in use, or null when logging could not be redirected
     */
    public static synchronized Path toFiles(Path dataDir) {
        Path dir = directory(dataDir);
        FileHandler handler;
        try {
            Files.createDirectories(dir);
            handler = new FileHandler(dir.resolve("headroom-%g.log").toString(), FILE_LIMIT_BYTES, FILE_COUNT, true);
        } catch (IOException | SecurityException e) {
            return null;
        }
        // a provider's error text can carry a token or a password in a URL; the file must not
        handler.setFormatter(Redaction.formatter(new SimpleFormatter()));
        handler.setLevel(Level.INFO);
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
            h.close();
        }
        root.addHandler(handler);
        return dir.resolve("headroom-0.log");
    }
}
