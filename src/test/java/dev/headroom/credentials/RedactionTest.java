package dev.headroom.credentials;

import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {
    @Test
    void secretShapedValuesAreMasked() {
        assertThat(Redaction.redact("Authorization: Bearer eyJhbGciOi.JIUzI1.NiJ9"))
                .isEqualTo("Authorization: Bearer [redacted]").doesNotContain("eyJ");
        assertThat(Redaction.redact("sent header authorization=Basic dXNlcjpwYXNz to host"))
                .doesNotContain("dXNlcjpwYXNz");
        assertThat(Redaction.redact("token rejected: Bearer abc.def-ghi_jkl"))
                .isEqualTo("token rejected: Bearer [redacted]");
        assertThat(Redaction.redact("connect https://ops:hunter2@prom.example:9090/api failed"))
                .isEqualTo("connect https://ops:[redacted]@prom.example:9090/api failed");
        assertThat(Redaction.redact("GET /api?query=up&token=s3cr3t-val&x=1"))
                .isEqualTo("GET /api?query=up&token=[redacted]&x=1");
        assertThat(Redaction.redact("{\"password\": \"pa55word\", \"user\": \"ops\"}"))
                .doesNotContain("pa55word").contains("\"user\": \"ops\"");
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        String text = "Plan for prom-eu: 4 batches, min headroom 12.5 %, https://prom.example:9090/api/v1/query";
        assertThat(Redaction.redact(text)).isEqualTo(text);
        assertThat(Redaction.redact(null)).isNull();
    }

    @Test
    void rememberedSecretsAreMaskedWhereverTheyAppearEvenInStackTraces() {
        char[] secret = "qv-unshaped-5521-value".toCharArray();
        Redaction.remember(secret);
        try {
            LogRecord record = new LogRecord(Level.SEVERE, "provider {0} failed");
            record.setParameters(new Object[]{"reply echoed qv-unshaped-5521-value"});
            record.setThrown(new IllegalStateException("upstream said qv-unshaped-5521-value",
                    new RuntimeException("cause with qv-unshaped-5521-value")));
            String line = Redaction.formatter(new SimpleFormatter()).format(record);
            assertThat(line).doesNotContain("qv-unshaped-5521-value").contains(Redaction.MASK)
                    .contains("IllegalStateException");
        } finally {
            Redaction.forget(secret);
        }
        assertThat(Redaction.redact("qv-unshaped-5521-value")).isEqualTo("qv-unshaped-5521-value");
    }

    @Test
    void veryShortValuesAreNotRememberedSoWordsSurvive() {
        char[] shortOne = "abc".toCharArray();
        Redaction.remember(shortOne);
        assertThat(Redaction.redact("abc def")).isEqualTo("abc def");
    }
}
