package dev.headroom.ui.app;

import dev.headroom.ui.common.FxBackgroundRunner;
import dev.headroom.ui.common.Theme;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

import java.util.ArrayList;
import java.util.List;

/**
 * The console window's life cycle. It is constructed with its startup rather than through
 * {@code Application.launch}, which instantiates by reflection and could only hand the startup
 * over through static state; {@link Console#launch} drives it instead.
 */
public final class ConsoleApp extends Application {
    public static final double WIDTH = 1400;
    public static final double HEIGHT = 860;
    /** System property: when true, print {@link #FIRST_FRAME_MARKER} at the first frame and close. */
    public static final String STARTUP_PROBE = "headroom.startupProbe";
    public static final String FIRST_FRAME_MARKER = "headroom: first frame";

    private final ConsoleStartup startup;
    private final FxBackgroundRunner runner = new FxBackgroundRunner();
    private Wiring wiring;

    public ConsoleApp(ConsoleStartup startup) {
        this.startup = startup;
    }

    /** Shows the window first, then opens the engine in the background. */
    @Override
    public void start(Stage stage) {
        wiring = new Wiring(startup, runner, Theme.LIGHT);
        Scene scene = wiring.mainView().createScene(WIDTH, HEIGHT);
        stage.setScene(scene);
        stage.titleProperty().bind(wiring.mainViewModel().title());
        stage.setMinWidth(900);
        stage.setMinHeight(560);
        stage.getIcons().setAll(icons());
        if (Boolean.getBoolean(STARTUP_PROBE)) {
            reportFirstFrame(scene, stage);
        }
        stage.show();
        wiring.open();
    }

    /**
     * For the start-up benchmark: prints a marker when the first frame has been laid out and then
     * closes the window, so a harness can time process start to first frame from outside.
     */
    private static void reportFirstFrame(Scene scene, Stage stage) {
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            System.out.println(FIRST_FRAME_MARKER);
            System.out.flush();
            Platform.runLater(stage::close);
        };
        scene.addPostLayoutPulseListener(once[0]);
    }

    /** The window icon in the sizes desktops pick from; absent sizes are skipped, not fatal. */
    static List<Image> icons() {
        List<Image> icons = new ArrayList<>();
        for (int size : new int[] {16, 32, 48, 64, 128, 256}) {
            var url = ConsoleApp.class.getResource("/dev/headroom/ui/icons/headroom-" + size + ".png");
            if (url != null) {
                icons.add(new Image(url.toExternalForm()));
            }
        }
        return icons;
    }

    /** Stops background work, then closes the engine, so no query runs against a closed store. */
    @Override
    public void stop() {
        runner.close();
        if (wiring != null) {
            wiring.close();
        }
    }

    /** True once the fleet is shown and the console is idle; for tests and screenshots. */
    public ReadOnlyBooleanProperty readyProperty() {
        return wiring.readyProperty();
    }
}
