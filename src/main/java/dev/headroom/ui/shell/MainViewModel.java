package dev.headroom.ui.shell;

import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.BackgroundRunner;
import dev.headroom.ui.common.Formats;
import dev.headroom.ui.common.Problems;
import dev.headroom.ui.common.Theme;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * State of the main window: the selected section, the theme, the account and clock in the status
 * bar, and the opening of the engine, which runs in the background while the window is already up.
 */
public final class MainViewModel {
    public static final String APP_NAME = "Headroom";

    private final BackgroundRunner runner;
    private final Problems problems;
    private final Activity activity;

    private final ObjectProperty<Section> section = new SimpleObjectProperty<>(this, "section", Section.FLEET);
    private final ObjectProperty<Theme> theme;
    private final StringProperty account = new SimpleStringProperty(this, "account");
    private final ObjectProperty<Instant> clock = new SimpleObjectProperty<>(this, "clock");
    private final ReadOnlyBooleanWrapper opened = new ReadOnlyBooleanWrapper(this, "opened");
    private final StringBinding title;
    private final StringBinding accountStatus;

    public MainViewModel(Theme initialTheme, BackgroundRunner runner, Problems problems, Activity activity) {
        this.runner = runner;
        this.problems = problems;
        this.activity = activity;
        this.theme = new SimpleObjectProperty<>(this, "theme", initialTheme);
        this.title = Bindings.createStringBinding(
                () -> account.get() == null ? APP_NAME : APP_NAME + " — " + account.get(), account);
        this.accountStatus = Bindings.createStringBinding(
                () -> account.get() == null ? "No account open" : "Account " + account.get() + " · " + Formats.clock(clock.get()),
                account, clock);
    }

    /**
     * Opens the engine in the background, reporting progress in the status line. On failure the
     * banner offers Retry, which runs the same opening again.
     */
    public <T> void open(BackgroundRunner.ReportingWork<T> opening, Consumer<? super T> onOpened) {
        problems.clear();
        Runnable done = activity.begin("Opening Headroom…");
        runner.run(opening, activity::progress, engine -> {
            done.run();
            opened.set(true);
            onOpened.accept(engine);
        }, problem -> {
            done.run();
            problems.report(problem, () -> open(opening, onOpened));
        });
    }

    public void select(Section next) {
        section.set(next);
    }

    public void toggleTheme() {
        theme.set(theme.get().other());
    }

    public ObjectProperty<Section> sectionProperty() {
        return section;
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    /** The shown account's name; bound by the wiring to the Fleet view's account. */
    public StringProperty accountProperty() {
        return account;
    }

    /** The shown account's clock; bound by the wiring to the Fleet view's clock. */
    public ObjectProperty<Instant> clockProperty() {
        return clock;
    }

    /** True once the engine is open. */
    public ReadOnlyBooleanProperty openedProperty() {
        return opened.getReadOnlyProperty();
    }

    /** "Headroom — sandbox". */
    public StringBinding title() {
        return title;
    }

    /** "Account sandbox · 2026-11-03 14:05 UTC". */
    public StringBinding accountStatus() {
        return accountStatus;
    }

    public Problems problems() {
        return problems;
    }

    public Activity activity() {
        return activity;
    }
}
