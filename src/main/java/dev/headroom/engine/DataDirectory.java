package dev.headroom.engine;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where Headroom keeps its database. Precedence: the {@code --data-dir} option, then the
 * {@code HEADROOM_HOME} environment variable, then the platform's per-user data directory
 * ({@code $XDG_DATA_HOME/headroom} or {@code ~/.local/share/headroom} on Linux,
 * {@code ~/Library/Application Support/Headroom} on macOS, {@code %LOCALAPPDATA%\Headroom} on
 * Windows).
 */
public final class DataDirectory {
    public static final String ENV_HOME = "HEADROOM_HOME";
    public static final String DATABASE_FILE = "headroom.db";

    private DataDirectory() {
    }

    /** Resolves the directory for this process (real environment and system properties). */
    public static Path resolve(Optional<Path> option) {
        return resolve(option, System.getenv(), System.getProperty("os.name", ""), System.getProperty("user.home", "."));
    }

    static Path resolve(Optional<Path> option, Map<String, String> env, String osName, String userHome) {
        if (option.isPresent()) {
            return option.get().toAbsolutePath().normalize();
        }
        String home = env.get(ENV_HOME);
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String local = env.get("LOCALAPPDATA");
            Path base = local != null && !local.isBlank() ? Path.of(local) : Path.of(userHome, "AppData", "Local");
            return base.resolve("Headroom");
        }
        if (os.startsWith("mac")) {
            return Path.of(userHome, "Library", "Application Support", "Headroom");
        }
        String xdg = env.get("XDG_DATA_HOME");
        // the XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "headroom");
        }
        return Path.of(userHome, ".local", "share", "headroom");
    }

    public static Path databaseFile(Path dataDir) {
        return dataDir.resolve(DATABASE_FILE);
    }
}
