package dev.headroom.rollout;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version trigger of seed 000: the command that tells a host to update, carrying the status
 * of the resources reserved for it so that the host can verify them before it starts.
 *
 * <pre>
 * [Trigger Type: VersionVerification]
 * [Version ID: v2.8.4]
 * [Resource Status: Success]
 * [Allocated Resources: CPU 4 cores, Memory 16 GiB, Network 10 Gbps, Disk 500 MB/s]
 * [Update Start Time: 2026-11-23T06:00:00Z]
 * [Host: use1-frontend-03]
 * [Idempotency Key: r12/b3/use1-frontend-03/trigger]
 * </pre>
 *
 * The first five fields are the seed's, in its order; {@code Host} and {@code Idempotency Key}
 * are Headroom's, so a host can refuse a trigger meant for another and a resent trigger is
 * recognised. The parser is strict: every field exactly once, in this order, nothing else but
 * blank lines, and every value well-formed; an error names the line and the field.
 */
public record VersionTrigger(String versionId, ResourceStatus resourceStatus, AllocatedResources allocated,
                             Instant updateStart, String host, String idempotencyKey) {
    public static final String TYPE = "VersionVerification";
    static final List<String> FIELDS = List.of("Trigger Type", "Version ID", "Resource Status", "Allocated Resources",
            "Update Start Time", "Host", "Idempotency Key");
    private static final Pattern LINE = Pattern.compile("\\[([A-Za-z ]+): (.*)]");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@/+-]{0,199}");
    private static final Pattern RESOURCES = Pattern.compile(
            "CPU (\\d+(?:\\.\\d+)?) cores, Memory (\\d+(?:\\.\\d+)?) GiB, Network (\\d+(?:\\.\\d+)?) Gbps, "
                    + "Disk (\\d+(?:\\.\\d+)?) MB/s");

    /** Whether the resources were reserved (seed 000's Success/Failure). */
    public enum ResourceStatus {
        SUCCESS("Success"), FAILURE("Failure");

        private final String text;

        ResourceStatus(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public VersionTrigger {
        check("Version ID", versionId);
        check("Host", host);
        check("Idempotency Key", idempotencyKey);
        if (resourceStatus == null || allocated == null || updateStart == null) {
            throw new IllegalArgumentException("a version trigger needs its resource status, resources and start time");
        }
    }

    private static void check(String field, String value) {
        if (value == null || !TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " \"" + value + "\" must be 1–200 letters, digits or ._:@/+-");
        }
    }

    /** The trigger as text, one field per line, ending with a newline. */
    public String write() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("Trigger Type", TYPE);
        values.put("Version ID", versionId);
        values.put("Resource Status", resourceStatus.text());
        values.put("Allocated Resources", "CPU " + AllocatedResources.num(allocated.cpuCores()) + " cores, Memory "
                + AllocatedResources.num(allocated.memoryGib()) + " GiB, Network "
                + AllocatedResources.num(allocated.networkGbps()) + " Gbps, Disk "
                + AllocatedResources.num(allocated.diskMBps()) + " MB/s");
        values.put("Update Start Time", updateStart.toString());
        values.put("Host", host);
        values.put("Idempotency Key", idempotencyKey);
        StringBuilder out = new StringBuilder();
        values.forEach((k, v) -> out.append('[').append(k).append(": ").append(v).append("]\n"));
        return out.toString();
    }

    /**
     * Parses a trigger.
     *
     * @throws TriggerFormatException naming the line and field of the first thing wrong
     */
    public static VersionTrigger parse(String text) {
        if (text == null) {
            throw new TriggerFormatException(0, "trigger", "is empty; expected the " + FIELDS.size() + " fields "
                    + String.join(", ", FIELDS));
        }
        String[] lines = text.split("\r?\n", -1);
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        int expected = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int n = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new TriggerFormatException(n, "line", "\"" + shorten(line) + "\" is not a field; write it as "
                        + "[Name: value]");
            }
            String name = m.group(1).strip();
            int index = indexOf(name);
            if (index < 0) {
                throw new TriggerFormatException(n, name, "is not a trigger field; the fields are "
                        + String.join(", ", FIELDS));
            }
            if (values.containsKey(name)) {
                throw new TriggerFormatException(n, name, "appears twice (first on line " + lineOf.get(name) + ")");
            }
            if (index != expected) {
                throw new TriggerFormatException(n, name, "comes too early; " + FIELDS.get(expected)
                        + " must come first");
            }
            values.put(name, m.group(2).strip());
            lineOf.put(name, n);
            expected++;
        }
        if (expected < FIELDS.size()) {
            throw new TriggerFormatException(lines.length, FIELDS.get(expected), "is missing");
        }
        String type = values.get("Trigger Type");
        if (!TYPE.equals(type)) {
            throw new TriggerFormatException(lineOf.get("Trigger Type"), "Trigger Type", "is \"" + type + "\"; only "
                    + TYPE + " is understood");
        }
        ResourceStatus status = null;
        for (ResourceStatus s : ResourceStatus.values()) {
            if (s.text().equals(values.get("Resource Status"))) {
                status = s;
            }
        }
        if (status == null) {
            throw new TriggerFormatException(lineOf.get("Resource Status"), "Resource Status", "is \""
                    + values.get("Resource Status") + "\"; write Success or Failure");
        }
        Matcher r = RESOURCES.matcher(values.get("Allocated Resources"));
        if (!r.matches()) {
            throw new TriggerFormatException(lineOf.get("Allocated Resources"), "Allocated Resources", "is \""
                    + shorten(values.get("Allocated Resources")) + "\"; write it as CPU 4 cores, Memory 16 GiB, "
                    + "Network 10 Gbps, Disk 500 MB/s");
        }
        AllocatedResources allocated = new AllocatedResources(Double.parseDouble(r.group(1)),
                Double.parseDouble(r.group(2)), Double.parseDouble(r.group(3)), Double.parseDouble(r.group(4)));
        Instant start;
        try {
            start = Instant.parse(values.get("Update Start Time"));
        } catch (DateTimeParseException e) {
            throw new TriggerFormatException(lineOf.get("Update Start Time"), "Update Start Time", "is \""
                    + shorten(values.get("Update Start Time")) + "\"; write an ISO-8601 UTC time such as "
                    + "2026-11-23T06:00:00Z");
        }
        for (String f : List.of("Version ID", "Host", "Idempotency Key")) {
            if (!TOKEN.matcher(values.get(f)).matches()) {
                throw new TriggerFormatException(lineOf.get(f), f, "is \"" + shorten(values.get(f))
                        + "\"; it must be 1–200 letters, digits or ._:@/+-");
            }
        }
        return new VersionTrigger(values.get("Version ID"), status, allocated, start, values.get("Host"),
                values.get("Idempotency Key"));
    }

    private static int indexOf(String name) {
        for (int i = 0; i < FIELDS.size(); i++) {
            if (FIELDS.get(i).equalsIgnoreCase(name)) {
                return FIELDS.get(i).equals(name) ? i : -1;
            }
        }
        return -1;
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "…";
    }

    /**
     * What a host decides on a trigger (seed 000 §3): start when the trigger is for it, its
     * resources were reserved and cover what the update needs, and its start time has come;
     * otherwise defer, with the reason it logs.
     */
    public Decision verify(String self, AllocatedResources needed, Instant now) {
        List<String> reasons = new ArrayList<>();
        if (!host.equals(self)) {
            return new Decision(false, "the trigger is for " + host + ", not " + self);
        }
        if (resourceStatus == ResourceStatus.FAILURE) {
            reasons.add("the resource reservation failed");
        }
        String shortfall = allocated.shortfall(needed);
        if (!shortfall.isEmpty()) {
            reasons.add(shortfall);
        }
        if (now.isBefore(updateStart)) {
            reasons.add("the update starts at " + updateStart + ", later than now (" + now + ")");
        }
        return reasons.isEmpty() ? new Decision(true, "resources verified; updating to " + versionId)
                : new Decision(false, "deferred: " + String.join("; ", reasons));
    }

    /** A host's answer to a trigger, with the reason it logs. */
    public record Decision(boolean start, String reason) {
        public Optional<String> deferral() {
            return start ? Optional.empty() : Optional.of(reason);
        }
    }
}
