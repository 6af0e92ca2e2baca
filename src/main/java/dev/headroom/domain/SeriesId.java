package dev.headroom.domain;

/** Identifies one metric series: {@code <host_id>/<metric>}. */
public record SeriesId(String hostId, Metric metric) implements Comparable<SeriesId> {
    public SeriesId {
        Check.id("host_id", hostId);
        Check.notNull("metric", metric);
    }

    public static SeriesId parse(String field, String text) {
        if (text == null) {
            throw new DomainException(field, "is empty");
        }
        int slash = text.lastIndexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new DomainException(field, "\"" + text + "\" is not <host_id>/<metric>");
        }
        return new SeriesId(text.substring(0, slash), Metric.parse(field, text.substring(slash + 1)));
    }

    @Override
    public String toString() {
        return hostId + "/" + metric.label();
    }

    @Override
    public int compareTo(SeriesId o) {
        int c = hostId.compareTo(o.hostId);
        return c != 0 ? c : metric.compareTo(o.metric);
    }
}
