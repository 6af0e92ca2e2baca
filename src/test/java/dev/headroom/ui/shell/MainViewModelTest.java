package dev.headroom.ui.shell;

import dev.headroom.domain.HeadroomException;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.Problems;
import dev.headroom.ui.common.SameThreadRunner;
import dev.headroom.ui.common.Theme;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class MainViewModelTest {
    private final Problems problems = new Problems();
    private final Activity activity = new Activity();
    private final MainViewModel viewModel = new MainViewModel(Theme.LIGHT, new SameThreadRunner(), problems, activity);

    @Test
    void titleAndStatusNameTheAccountAndItsClockInUtc() {
        assertThat(viewModel.title().get()).isEqualTo("Headroom");
        assertThat(viewModel.accountStatus().get()).isEqualTo("No account open");

        viewModel.accountProperty().set("sandbox");
        viewModel.clockProperty().set(Instant.parse("2026-11-03T14:05:59Z"));

        assertThat(viewModel.title().get()).isEqualTo("Headroom — sandbox");
        assertThat(viewModel.accountStatus().get()).isEqualTo("Account sandbox · 2026-11-03 14:05 UTC");
    }

    @Test
    void toggleThemeSwitchesBetweenLightAndDark() {
        viewModel.toggleTheme();
        assertThat(viewModel.themeProperty().get()).isEqualTo(Theme.DARK);
        viewModel.toggleTheme();
        assertThat(viewModel.themeProperty().get()).isEqualTo(Theme.LIGHT);
    }

    @Test
    void openingReportsProgressInTheStatusLineAndHandsOverTheEngine() {
        List<String> seen = new ArrayList<>();
        List<String> opened = new ArrayList<>();

        viewModel.open(progress -> {
            seen.add(activity.messageProperty().get());
            progress.progress(0.4, "Generating the sandbox fleet…");
            seen.add(activity.messageProperty().get() + " " + activity.progressProperty().get());
            return "engine";
        }, opened::add);

        assertThat(seen).containsExactly("Opening Headroom…", "Generating the sandbox fleet… 0.4");
        assertThat(opened).containsExactly("engine");
        assertThat(viewModel.openedProperty().get()).isTrue();
        assertThat(activity.busyProperty().get()).isFalse();
    }

    @Test
    void failedOpeningShowsTheOperatorMessageAndRetryOpensAgain() {
        AtomicInteger attempts = new AtomicInteger();
        List<String> opened = new ArrayList<>();

        viewModel.open(progress -> {
            if (attempts.incrementAndGet() == 1) {
                throw new HeadroomException("The database file /data/headroom.db is not writable. "
                        + "Fix its permissions, then press Retry.", "EACCES", null);
            }
            return "engine";
        }, opened::add);

        assertThat(problems.messageProperty().get()).startsWith("The database file /data/headroom.db is not writable.");
        assertThat(viewModel.openedProperty().get()).isFalse();
        assertThat(opened).isEmpty();

        problems.retry();

        assertThat(attempts).hasValue(2);
        assertThat(opened).containsExactly("engine");
        assertThat(problems.messageProperty().get()).isEmpty();
    }

    @Test
    void sectionsHaveDistinctShortcutsAndPlaceholdersSayWhatComes() {
        assertThat(Section.values()).extracting(Section::shortcutDigit).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(Section.values()).filteredOn(s -> !s.built())
                .allSatisfy(s -> assertThat(s.paragraphs()).isNotEmpty());
        assertThat(String.join(" ", Section.FORECASTS.paragraphs())).contains("80 % and 95 % prediction intervals");
        viewModel.select(Section.AUDIT);
        assertThat(viewModel.sectionProperty().get()).isEqualTo(Section.AUDIT);
    }
}
