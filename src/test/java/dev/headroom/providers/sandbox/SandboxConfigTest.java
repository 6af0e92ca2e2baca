package dev.headroom.providers.sandbox;

import dev.headroom.domain.DomainException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxConfigTest {
    private static final Instant END = Instant.parse("2025-03-14T12:00:00Z");

    @Test
    void defaultsAreTwoWeeksOfFiveMinuteSamplesForAboutTwoHundredFiftyHosts() {
        SandboxConfig config = SandboxConfig.defaults(END);

        assertThat(config.hostCount()).isGreaterThanOrEqualTo(240);
        assertThat(config.days()).isEqualTo(14);
        assertThat(config.step()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.samples()).isEqualTo(14 * 288);
        assertThat(config.historyStart()).isEqualTo(Instant.parse("2025-02-28T12:00:00Z"));
    }

    @Test
    void settingsRoundTripWithLowerSnakeCaseKeys() {
        SandboxConfig config = new SandboxConfig(-42, 80, 3, Duration.ofMinutes(15), END);

        Map<String, String> settings = config.toSettings();

        assertThat(settings.keySet()).allMatch(k -> k.matches("[a-z]+(_[a-z]+)*"));
        assertThat(SandboxConfig.fromSettings(settings)).isEqualTo(config);
    }

    @Test
    void missingSettingsTakeTheirDefaultsExceptTheEndOfHistory() {
        assertThat(SandboxConfig.fromSettings(Map.of("history_end", END.toString())))
                .isEqualTo(SandboxConfig.defaults(END));
        assertThatThrownBy(() -> SandboxConfig.fromSettings(Map.of()))
                .isInstanceOf(DomainException.class).hasMessage("history_end: is missing");
    }

    @Test
    void unreadableSettingsNameTheirKey() {
        assertField(with("seed", "lucky"), "seed");
        assertField(with("host_count", "many"), "host_count");
        assertField(with("host_count", "3"), "host_count");
        assertField(with("history_days", "99999999999"), "history_days");
        assertField(with("step_minutes", "7"), "step_minutes");
        assertField(with("history_end", "tomorrow"), "history_end");
        assertField(with("history_end", "2025-03-14T12:01:00Z"), "history_end");
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> settings = new HashMap<>(SandboxConfig.defaults(END).toSettings());
        settings.put(key, value);
        return settings;
    }

    private static void assertField(Map<String, String> settings, String field) {
        assertThatThrownBy(() -> SandboxConfig.fromSettings(settings)).isInstanceOf(DomainException.class)
                .satisfies(e -> assertThat(((DomainException) e).field()).isEqualTo(field));
    }
}
