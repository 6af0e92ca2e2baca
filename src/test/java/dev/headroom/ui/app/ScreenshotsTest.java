package dev.headroom.ui.app;

import dev.headroom.domain.ProgressListener;
import dev.headroom.ui.DemoFleet;
import dev.headroom.ui.LargeFleet;
import dev.headroom.ui.accounts.AccountsViewModel;
import dev.headroom.ui.app.Screenshots.Shot;
import dev.headroom.ui.common.Theme;
import dev.headroom.ui.dependencies.Colouring;
import dev.headroom.ui.shell.Section;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The screenshot route. {@link #rendersEverySectionToNonBlankPngs} runs in every build on the
 * demo fleet; {@link #writeScreenshots} writes the README screenshots on request:
 * <pre>
 * mvn -q -B test -Dtest=ScreenshotsTest -Dheadroom.screenshots=screenshots \
 *     [-Dheadroom.screenshots.startup=&lt;class implementing ConsoleStartup&gt;] [-Dheadroom.screenshots.only=rollouts,plan]
 * </pre>
 * By default it renders the real engine on the default sandbox fleet ({@link SandboxScreenshotStartup}),
 * every section (the Audit page with its chain verified) and the Dependencies page coloured by load ({@code dependencies-load-*.png}), then
 * the Dependencies page of a 64-service platform ({@link LargeFleet}, {@code dependencies-large-*.png}).
 * It runs under Maven because Monocle, which renders without a display, is a test dependency.
 */
class ScreenshotsTest {
    static {
        Screenshots.useLargeHeadlessScreen();
    }

    /**
     * Lets TestFX start the toolkit if this class runs first: when it was started through
     * {@code Platform.startup} instead, TestFX's robot in later test classes sends key presses
     * that never arrive under Monocle.
     */
    @BeforeAll
    static void startToolkitTheTestFxWay() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    @Tag("ui")
    void rendersEverySectionToNonBlankPngs(@TempDir Path out) throws IOException {
        List<Path> files;
        try (ConsoleBackend backend = DemoFleet.backend()) {
            files = Screenshots.render(backend, out, Theme.LIGHT, Theme.DARK);
        }

        assertThat(files).hasSize(14).contains(out.resolve("fleet-light.png"), out.resolve("fleet-dark.png"),
                out.resolve("audit-dark.png"));
        BufferedImage light = ImageIO.read(out.resolve("fleet-light.png").toFile());
        BufferedImage dark = ImageIO.read(out.resolve("fleet-dark.png").toFile());
        assertThat(light.getWidth()).isEqualTo(1400);
        assertThat(light.getHeight()).isEqualTo(860);
        assertThat(distinctColours(light)).as("a rendered table has many colours").isGreaterThan(50);
        assertThat(meanLuminance(dark)).isLessThan(meanLuminance(light) - 60);
        // the forecast line, in the theme's forecast colour (light.css, dark.css), in the chart's part of the page
        assertThat(pixelsOf(ImageIO.read(out.resolve("forecasts-light.png").toFile()), 0x2563c9))
                .as("forecast line in the light theme").isGreaterThan(30);
        assertThat(pixelsOf(ImageIO.read(out.resolve("forecasts-dark.png").toFile()), 0x6ea2ff))
                .as("forecast line in the dark theme").isGreaterThan(30);
        // the Plan page's headroom chart draws the forecast of the service with the least headroom
        assertThat(pixelsOf(ImageIO.read(out.resolve("plan-light.png").toFile()), 0x2563c9))
                .as("median load in the plan's headroom chart").isGreaterThan(30);
    }

    /** Pixels of colour {@code rgb} in the lower right of the page, away from the accent-coloured navigation. */
    private static int pixelsOf(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = image.getHeight() / 4; y < image.getHeight(); y++) {
            for (int x = image.getWidth() * 3 / 5; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    @Tag("screenshots")
    @EnabledIfSystemProperty(named = "headroom.screenshots", matches = ".+")
    void writeScreenshots() throws Exception {
        Path out = Path.of(System.getProperty("headroom.screenshots"));
        String startupClass = System.getProperty("headroom.screenshots.startup",
                SandboxScreenshotStartup.class.getName());
        try (ConsoleBackend backend = ((ConsoleStartup) Class.forName(startupClass).getDeclaredConstructor()
                .newInstance()).open(ProgressListener.NONE)) {
            List<Shot> shots = new ArrayList<>(Shot.everySection());
            // the Audit page after its chain was verified, so the picture shows the outcome too
            shots.replaceAll(shot -> shot.section() != Section.AUDIT ? shot : new Shot(Section.AUDIT, "audit",
                    wiring -> wiring.audit().orElseThrow().verify()));
            // the Rollouts page charts the service the startup's load surge hits
            shots.replaceAll(shot -> shot.section() != Section.ROLLOUTS ? shot : new Shot(Section.ROLLOUTS, "rollouts",
                    wiring -> wiring.rollouts().orElseThrow().serviceProperty().set(SandboxScreenshotStartup.SURGED)));
            shots.add(new Shot(Section.DEPENDENCIES, "dependencies-load",
                    wiring -> wiring.dependencies().orElseThrow().colouringProperty().set(Colouring.LOAD)));
            // the Accounts page is taken on a fleet with an imported scenario too, below
            shots.removeIf(shot -> shot.section() == Section.ACCOUNTS);
            String only = System.getProperty("headroom.screenshots.only", "");
            List<String> names = only.isBlank() ? List.of() : List.of(only.split(","));
            if (!only.isBlank()) {
                // e.g. -Dheadroom.screenshots.only=rollouts while working on one page
                shots.removeIf(shot -> !names.contains(shot.name()));
            }
            if (!shots.isEmpty()) {
                List<Path> files = Screenshots.render(backend, out, shots);
                assertThat(files).allSatisfy(f -> assertThat(distinctColours(ImageIO.read(f.toFile())))
                        .isGreaterThan(50));
            }
            if (only.isBlank() || names.contains("accounts")) {
                writeAccountsScreenshots(out);
            }
            if (!only.isBlank()) {
                return;
            }
        }
        // a graph of 64 services, to show that a large graph stays readable
        try (ConsoleBackend backend = LargeFleet.backend()) {
            List<Path> files = Screenshots.render(backend, out, List.of(
                    new Shot(Section.DEPENDENCIES, "dependencies-large", wiring -> { })));
            assertThat(files).allSatisfy(f -> assertThat(distinctColours(ImageIO.read(f.toFile()))).isGreaterThan(50));
        }
    }

    /**
     * The Accounts page on the sandbox and the imported demo scenario, with the sandbox's
     * connection tested through the engine, so that the picture shows a status as the page does.
     */
    private static void writeAccountsScreenshots(Path out) throws Exception {
        try (ConsoleBackend backend = new AccountsScreenshotStartup().open(ProgressListener.NONE)) {
            List<Path> files = Screenshots.render(backend, out, List.of(new Shot(Section.ACCOUNTS, "accounts",
                    wiring -> {
                        AccountsViewModel accounts = wiring.accounts().orElseThrow();
                        accounts.selectedProperty().set(dev.headroom.engine.Engine.SANDBOX);
                        accounts.test();
                    })));
            assertThat(files).allSatisfy(f -> assertThat(distinctColours(ImageIO.read(f.toFile()))).isGreaterThan(50));
        }
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    private static double meanLuminance(BufferedImage image) {
        double sum = 0;
        int n = 0;
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                int rgb = image.getRGB(x, y);
                sum += 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
                n++;
            }
        }
        return sum / n;
    }
}
