package dev.headroom.engine;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DataDirectoryTest {

    @Test
    void optionWinsOverEnvironment() {
        Path dir = DataDirectory.resolve(Optional.of(Path.of("/tmp/x")), Map.of("HEADROOM_HOME", "/srv/h"),
                "Linux", "/home/op");
        assertThat(dir).isEqualTo(Path.of("/tmp/x"));
    }

    @Test
    void headroomHomeWinsOverPlatformDefault() {
        Path dir = DataDirectory.resolve(Optional.empty(), Map.of("HEADROOM_HOME", "/srv/h", "XDG_DATA_HOME", "/x"),
                "Linux", "/home/op");
        assertThat(dir).isEqualTo(Path.of("/srv/h"));
    }

    @Test
    void linuxUsesXdgDataHome() {
        assertThat(DataDirectory.resolve(Optional.empty(), Map.of("XDG_DATA_HOME", "/data"), "Linux", "/home/op"))
                .isEqualTo(Path.of("/data/headroom"));
    }

    @Test
    void linuxIgnoresRelativeXdgDataHome() {
        assertThat(DataDirectory.resolve(Optional.empty(), Map.of("XDG_DATA_HOME", "rel"), "Linux", "/home/op"))
                .isEqualTo(Path.of("/home/op/.local/share/headroom"));
    }

    @Test
    void linuxFallsBackToLocalShare() {
        assertThat(DataDirectory.resolve(Optional.empty(), Map.of(), "Linux", "/home/op"))
                .isEqualTo(Path.of("/home/op/.local/share/headroom"));
    }

    @Test
    void macUsesApplicationSupport() {
        assertThat(DataDirectory.resolve(Optional.empty(), Map.of(), "Mac OS X", "/Users/op"))
                .isEqualTo(Path.of("/Users/op/Library/Application Support/Headroom"));
    }

    @Test
    void windowsUsesLocalAppData() {
        assertThat(DataDirectory.resolve(Optional.empty(), Map.of("LOCALAPPDATA", "/c/Users/op/AppData/Local"),
                "Windows 11", "/c/Users/op")).isEqualTo(Path.of("/c/Users/op/AppData/Local/Headroom"));
    }
}
