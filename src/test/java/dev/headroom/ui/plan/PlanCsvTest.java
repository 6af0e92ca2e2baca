package dev.headroom.ui.plan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlanCsvTest {
    @Test
    void aFieldIsQuotedOnlyWhenASpreadsheetWouldMisreadIt() {
        assertThat(dev.headroom.scenario.CsvFields.field("web-1")).isEqualTo("web-1");
        assertThat(dev.headroom.scenario.CsvFields.field("priority 0.53 (load score 44, criticality medium)"))
                .isEqualTo("\"priority 0.53 (load score 44, criticality medium)\"");
        assertThat(dev.headroom.scenario.CsvFields.field("the \"edge\" host")).isEqualTo("\"the \"\"edge\"\" host\"");
        assertThat(dev.headroom.scenario.CsvFields.field("two\nlines")).isEqualTo("\"two\nlines\"");
    }
}
