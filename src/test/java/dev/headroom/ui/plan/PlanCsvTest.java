package dev.headroom.ui.plan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlanCsvTest {
    @Test
    void aFieldIsQuotedOnlyWhenASpreadsheetWouldMisreadIt() {
        assertThat(PlanCsv.field("web-1")).isEqualTo("web-1");
        assertThat(PlanCsv.field("priority 0.53 (load score 44, criticality medium)"))
                .isEqualTo("\"priority 0.53 (load score 44, criticality medium)\"");
        assertThat(PlanCsv.field("the \"edge\" host")).isEqualTo("\"the \"\"edge\"\" host\"");
        assertThat(PlanCsv.field("two\nlines")).isEqualTo("\"two\nlines\"");
    }
}
