package dev.headroom.ui.common;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The two looks of the console. Each adds a palette stylesheet on top of the shared layout one. */
public enum Theme {
    LIGHT("light.css"), DARK("dark.css");

    private static final String BASE = "console.css";

    private final String palette;

    Theme(String palette) {
        this.palette = palette;
    }

    /** Stylesheet URLs for a scene, layout first so the palette's colour variables win. */
    public List<String> stylesheets() {
        return List.of(url(BASE), url(palette));
    }

    public Theme other() {
        return this == LIGHT ? DARK : LIGHT;
    }

    /** The lower-case word used in file names and arguments. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static String url(String name) {
        return Objects.requireNonNull(Theme.class.getResource("/dev/headroom/ui/" + name), name).toExternalForm();
    }
}
