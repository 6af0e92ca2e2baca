package dev.headroom.ui.app;

import dev.headroom.domain.HeadroomException;
import dev.headroom.ui.common.FxBackgroundRunner;
import dev.headroom.ui.common.Theme;
import dev.headroom.ui.shell.Section;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Renders the real console window to PNG files, e.g. for the README. Without a display it needs
 * the Monocle headless platform on the class path (test scope in this build); see
 * {@code ScreenshotsTest}.
 */
public final class Screenshots {
    private static final long LOAD_TIMEOUT_SECONDS = 120;
    private static final String HEADLESS_GEOMETRY = "headless.geometry";
    private static final String MONOCLE = "com.sun.glass.ui.monocle.MonoclePlatformFactory";

    private Screenshots() {
    }

    /**
     * One picture: a section, written as {@code <name>-<theme>.png}, after {@code prepare} has set
     * the console up (e.g. chosen a colouring) and its background work has ended.
     */
    public record Shot(Section section, String name, Consumer<Wiring> prepare) {
        /** The section as it opens, named after it ({@code fleet}, {@code dependencies}, …). */
        public static Shot of(Section section) {
            return new Shot(section, section.name().toLowerCase(Locale.ROOT), wiring -> { });
        }

        /** Every section as it opens, in navigation order. */
        public static List<Shot> everySection() {
            return Arrays.stream(Section.values()).map(Shot::of).toList();
        }
    }

    /**
     * Opens the main window at {@value ConsoleApp#WIDTH}×{@value ConsoleApp#HEIGHT} on
     * {@code backend}, waits until the fleet is loaded and writes {@code <section>-<theme>.png}
     * (e.g. {@code fleet-light.png}) for every section and theme into {@code outDir}. The caller
     * keeps ownership of {@code backend}. Must not be called on the JavaFX thread.
     *
     * @return the files written, in order
     * @throws HeadroomException when the toolkit cannot start, the fleet does not load, or a file
     *                           cannot be written
     */
    public static List<Path> render(ConsoleBackend backend, Path outDir, Theme... themes) {
        return render(backend, outDir, Shot.everySection(), themes);
    }

    /**
     * Like {@link #render(ConsoleBackend, Path, Theme...)}, for the given shots, each in every
     * theme (all themes when none is given) before the next shot is prepared.
     */
    public static List<Path> render(ConsoleBackend backend, Path outDir, List<Shot> shots, Theme... themes) {
        if (Platform.isFxApplicationThread()) {
            throw new IllegalStateException("render waits for the JavaFX thread, so it must not run on it");
        }
        startToolkit();
        try (FxBackgroundRunner runner = new FxBackgroundRunner()) {
            Files.createDirectories(outDir);
            Wiring wiring = onFx(() -> new Wiring(progress -> backend, runner, Theme.LIGHT));
            Stage stage = onFx(() -> {
                Stage s = new Stage();
                s.setScene(wiring.mainView().createScene(ConsoleApp.WIDTH, ConsoleApp.HEIGHT));
                s.titleProperty().bind(wiring.mainViewModel().title());
                s.show();
                return s;
            });
            try {
                awaitReady(wiring);
                List<Path> written = new ArrayList<>();
                for (Shot shot : shots) {
                    onFx(() -> {
                        shot.prepare().accept(wiring);
                        return null;
                    });
                    awaitIdle(wiring);
                    for (Theme theme : themes.length == 0 ? Theme.values() : themes) {
                        Scene scene = stage.getScene();
                        CountDownLatch pulsed = new CountDownLatch(1);
                        Runnable pulseListener = pulsed::countDown;
                        onFx(() -> {
                            wiring.mainViewModel().themeProperty().set(theme);
                            wiring.mainViewModel().select(shot.section());
                            scene.addPostLayoutPulseListener(pulseListener);
                            Platform.requestNextPulse();
                            return null;
                        });
                        // Virtualised controls (table, navigation list) update their cells in a
                        // real pulse; a snapshot alone can catch them half-updated.
                        await(pulsed);
                        WritableImage image = onFx(() -> {
                            scene.removePostLayoutPulseListener(pulseListener);
                            return scene.snapshot(null);
                        });
                        Path file = outDir.resolve(shot.name() + "-" + theme.label() + ".png");
                        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
                        written.add(file);
                    }
                }
                return written;
            } finally {
                onFx(() -> {
                    stage.hide();
                    return null;
                });
            }
        } catch (IOException e) {
            throw new HeadroomException("Could not write the screenshots to " + outDir + ": " + e.getMessage()
                    + ". Check that the directory is writable.", e);
        }
    }

    /**
     * Starts JavaFX unless it runs already. Without a display, and with Monocle available, it
     * selects Monocle's headless platform, which must happen before the toolkit starts.
     */
    private static void startToolkit() {
        if (System.getProperty("glass.platform") == null && System.getenv("DISPLAY") == null && monocleAvailable()) {
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
        }
        useLargeHeadlessScreen();
        CountDownLatch started = new CountDownLatch(1);
        try {
            Platform.startup(started::countDown);
        } catch (IllegalStateException alreadyRunning) {
            started.countDown();
        } catch (UnsupportedOperationException e) {
            throw new HeadroomException("Screenshots need a display: " + e.getMessage()
                    + ". Run under xvfb-run, or through the Maven test route (see ScreenshotsTest).", e);
        }
        // Hiding the screenshot window must not end a toolkit that others (tests) still use.
        Platform.setImplicitExit(false);
        await(started);
    }

    /**
     * Monocle's headless screen is 1280×800 unless told otherwise, and a larger window makes it
     * fail on every frame (BufferOverflowException). Harmless on other platforms; it only takes
     * effect when set before the toolkit starts.
     */
    public static void useLargeHeadlessScreen() {
        if (System.getProperty(HEADLESS_GEOMETRY) == null) {
            System.setProperty(HEADLESS_GEOMETRY, "1920x1200-32");
        }
    }

    private static boolean monocleAvailable() {
        try {
            Class.forName(MONOCLE, false, Screenshots.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static void awaitReady(Wiring wiring) {
        CountDownLatch ready = new CountDownLatch(1);
        onFx(() -> {
            ChangeListener<Boolean> whenReady = (obs, was, now) -> {
                if (now) {
                    ready.countDown();
                }
            };
            wiring.readyProperty().addListener(whenReady);
            wiring.mainViewModel().problems().messageProperty().addListener((obs, was, now) -> ready.countDown());
            wiring.open();
            return null;
        });
        try {
            boolean settled = ready.await(LOAD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            String problem = onFx(() -> wiring.mainViewModel().problems().messageProperty().get());
            if (!problem.isEmpty()) {
                throw new HeadroomException(problem + " No screenshots were written.");
            }
            if (!settled) {
                throw new HeadroomException("The fleet did not load within " + LOAD_TIMEOUT_SECONDS
                        + " s. No screenshots were written.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HeadroomException("Screenshots were interrupted before the fleet loaded.", e);
        }
    }

    /** Waits until the background work a shot's preparation started has ended. */
    private static void awaitIdle(Wiring wiring) {
        CountDownLatch idle = new CountDownLatch(1);
        onFx(() -> {
            if (wiring.readyProperty().get()) {
                idle.countDown();
                return null;
            }
            ChangeListener<Boolean> whenReady = new ChangeListener<>() {
                @Override
                public void changed(ObservableValue<? extends Boolean> obs, Boolean was, Boolean now) {
                    if (now) {
                        wiring.readyProperty().removeListener(this);
                        idle.countDown();
                    }
                }
            };
            wiring.readyProperty().addListener(whenReady);
            return null;
        });
        await(idle);
    }

    private static <T> T onFx(Callable<T> action) {
        FutureTask<T> task = new FutureTask<>(action);
        Platform.runLater(task);
        try {
            return task.get(LOAD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new HeadroomException("Taking the screenshots failed: " + e.getCause() + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HeadroomException("Screenshots were interrupted.", e);
        } catch (TimeoutException e) {
            throw new HeadroomException("The console window did not respond within " + LOAD_TIMEOUT_SECONDS
                    + " s while taking screenshots.", e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(LOAD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
