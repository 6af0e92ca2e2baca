package dev.headroom.ui.app;

import dev.headroom.domain.HeadroomException;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.util.concurrent.CountDownLatch;

/**
 * Entry point for launchers. It does not extend {@code Application}, so a class-path jar can
 * start the console (a main class extending it fails with "JavaFX runtime components are missing").
 */
public final class Console {
    private static final System.Logger LOG = System.getLogger(Console.class.getName());

    private Console() {
    }

    /**
     * Opens the console window and returns when it has been closed and the engine released. The
     * window appears at once; {@code startup} then runs on a background thread.
     *
     * @throws HeadroomException when no window can be opened (e.g. no display)
     */
    public static void launch(ConsoleStartup startup) {
        ConsoleApp app = new ConsoleApp(startup);
        CountDownLatch closed = new CountDownLatch(1);
        try {
            Platform.startup(() -> {
                try {
                    Stage stage = new Stage();
                    stage.setOnHidden(e -> closed.countDown());
                    app.start(stage);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "The console window could not be built", e);
                    closed.countDown();
                }
            });
        } catch (UnsupportedOperationException | IllegalStateException e) {
            throw new HeadroomException("Headroom could not open its window: " + e.getMessage()
                    + ". Run it in a desktop session, or use the command line instead.",
                    e);
        }
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            app.stop();
            Platform.exit();
        }
    }
}
