package dev.headroom.rollout;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionTriggerTest {
    private static final Instant START = Instant.parse("2026-11-23T06:00:00Z");
    private static final AllocatedResources FOUR = new AllocatedResources(4, 16, 10, 500);
    private final VersionTrigger trigger = new VersionTrigger("v2.8.4", VersionTrigger.ResourceStatus.SUCCESS, FOUR,
            START, "use1-frontend-03", "r12/b3/use1-frontend-03/trigger");

    @Test
    void writesTheSeedsFieldsInOrderAndReadsThemBack() {
        String text = trigger.write();
        assertThat(text).isEqualTo("""
                [Trigger Type: VersionVerification]
                [Version ID: v2.8.4]
                [Resource Status: Success]
                [Allocated Resources: CPU 4 cores, Memory 16 GiB, Network 10 Gbps, Disk 500 MB/s]
                [Update Start Time: 2026-11-23T06:00:00Z]
                [Host: use1-frontend-03]
                [Idempotency Key: r12/b3/use1-frontend-03/trigger]
                """);
        assertThat(VersionTrigger.parse(text)).isEqualTo(trigger);
        assertThat(VersionTrigger.parse("\r\n" + text.replace("\n", "\r\n") + "\r\n")).isEqualTo(trigger);
        VersionTrigger fractional = new VersionTrigger("7.2.4", VersionTrigger.ResourceStatus.FAILURE,
                new AllocatedResources(0.5, 1.25, 0, 0), START, "redis-1", "k");
        assertThat(VersionTrigger.parse(fractional.write())).isEqualTo(fractional);
    }

    private static void refused(String text, int line, String field, String message) {
        assertThatThrownBy(() -> VersionTrigger.parse(text)).isInstanceOfSatisfying(TriggerFormatException.class, e -> {
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.operatorMessage()).contains(message);
        });
    }

    @Test
    void refusesEverythingThatIsNotExactlyTheFormatNamingLineAndField() {
        String good = trigger.write();
        refused(good.replace("VersionVerification", "Reboot"), 1, "Trigger Type", "only VersionVerification");
        refused(good.replace("Success", "Maybe"), 3, "Resource Status", "write Success or Failure");
        refused(good.replace("CPU 4 cores", "4 CPUs"), 4, "Allocated Resources", "write it as CPU 4 cores");
        refused(good.replace("2026-11-23T06:00:00Z", "tomorrow"), 5, "Update Start Time", "ISO-8601");
        refused(good.replace("[Host: use1-frontend-03]\n", ""), 6, "Idempotency Key", "comes too early");
        refused(good.replace("[Idempotency Key: r12/b3/use1-frontend-03/trigger]\n", ""), 7, "Idempotency Key",
                "is missing");
        refused(good + "[Host: other]\n", 8, "Host", "appears twice (first on line 6)");
        refused(good.replace("[Version ID: v2.8.4]", "[Version: v2.8.4]"), 2, "Version", "is not a trigger field");
        refused(good.replace("[Version ID: v2.8.4]", "Version ID = v2.8.4"), 2, "line", "is not a field");
        refused(good.replace("v2.8.4", "v2 8 4"), 2, "Version ID", "letters, digits");
        refused("", 1, "Trigger Type", "is missing");
    }

    @Test
    void theHostVerifiesItsResourcesAndDefersWhenTheyAreShortOrEarly() {
        AllocatedResources needed = new AllocatedResources(4, 8, 1, 100);
        assertThat(trigger.verify("use1-frontend-03", needed, START).start()).isTrue();
        assertThat(trigger.verify("use1-frontend-03", new AllocatedResources(6, 8, 1, 100), START).reason())
                .isEqualTo("deferred: CPU 4 cores allocated, 6 needed");
        assertThat(trigger.verify("use1-frontend-03", needed, START.minusSeconds(60)).reason())
                .startsWith("deferred: the update starts at 2026-11-23T06:00:00Z");
        assertThat(trigger.verify("use1-frontend-04", needed, START).reason()).contains("is for use1-frontend-03");
        VersionTrigger failed = new VersionTrigger("v2.8.4", VersionTrigger.ResourceStatus.FAILURE, FOUR, START,
                "use1-frontend-03", "k");
        assertThat(failed.verify("use1-frontend-03", needed, START).deferral())
                .hasValue("deferred: the resource reservation failed");
    }
}
