package dev.headroom.persistence;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationsTest {

    @Test
    void scriptsAreNumberedFromOneWithoutGapsAndPresent() {
        Pattern name = Pattern.compile("V(\\d+)__[a-z0-9_]+\\.sql");
        for (int i = 0; i < Migrations.SCRIPTS.size(); i++) {
            var m = name.matcher(Migrations.SCRIPTS.get(i));
            assertThat(m.matches()).as(Migrations.SCRIPTS.get(i)).isTrue();
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(i + 1);
            assertThat(Migrations.script(i + 1)).containsAnyOf("CREATE", "ALTER TABLE");
        }
        assertThat(Migrations.LATEST).isEqualTo(Migrations.SCRIPTS.size());
    }

    @Test
    void scriptsLeaveTheVersionToTheRunner() {
        for (int v = 1; v <= Migrations.LATEST; v++) {
            assertThat(Migrations.script(v).toLowerCase()).doesNotContain("user_version =");
        }
    }
}
