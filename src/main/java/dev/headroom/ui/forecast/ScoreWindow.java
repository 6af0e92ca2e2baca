package dev.headroom.ui.forecast;

import dev.headroom.domain.Window;

/** A window that load scores can be read for, with its name in the window chooser. */
public record ScoreWindow(String label, Window window) {
    @Override
    public String toString() {
        return label;
    }
}
