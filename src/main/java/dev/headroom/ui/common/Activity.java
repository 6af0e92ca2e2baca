package dev.headroom.ui.common;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * What the console is busy with, for the status bar. Several views may load at once; the console
 * is idle only when all of them are done. Used on the UI thread only.
 */
public final class Activity {
    public static final String IDLE = "Ready";
    /** Progress value for work of unknown length (the convention of JavaFX progress controls). */
    public static final double UNKNOWN = -1;

    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", IDLE);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", UNKNOWN);
    private int running;
    /** What finished work told the operator; shown instead of {@link #IDLE}. */
    private String outcome;
    /** Whether {@link #outcome} has been on screen while idle: then the next work replaces it for good. */
    private boolean outcomeShown;

    /** Marks the start of work; call the returned action once when it ends, however it ends. */
    public Runnable begin(String what) {
        if (outcomeShown) {
            outcome = null;
            outcomeShown = false;
        }
        running++;
        busy.set(true);
        message.set(what);
        progress.set(UNKNOWN);
        boolean[] ended = {false};
        return () -> {
            if (ended[0]) {
                return;
            }
            ended[0] = true;
            running--;
            if (running == 0) {
                busy.set(false);
                message.set(outcome == null ? IDLE : outcome);
                outcomeShown = outcome != null;
                progress.set(UNKNOWN);
            }
        };
    }

    /**
     * The outcome of finished work ("3 events imported"), shown instead of {@link #IDLE} once the
     * console is idle, until work begins after that. Work that the outcome itself started (e.g.
     * forecasting again after a change) does not hide it: it shows when that work is done.
     */
    public void tell(String what) {
        outcome = what;
        outcomeShown = running == 0;
        if (outcomeShown) {
            message.set(what);
        }
    }

    /** A progress report of the current work; a negative fraction means unknown. */
    public void progress(double fraction, String what) {
        progress.set(fraction < 0 ? UNKNOWN : Math.min(1, fraction));
        if (what != null && !what.isBlank()) {
            message.set(what);
        }
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }
}
