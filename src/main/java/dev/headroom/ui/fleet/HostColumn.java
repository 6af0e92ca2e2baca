package dev.headroom.ui.fleet;

import dev.headroom.ui.common.NaturalOrder;

import java.util.Comparator;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** The columns of the Fleet table, with the order each one sorts by. */
public enum HostColumn {
    ID("Host", text(HostRow::id)),
    SERVICES("Services", text(HostRow::services)),
    REGION("Region", text(HostRow::region)),
    ZONE("Zone", text(HostRow::zone)),
    INSTANCE_TYPE("Instance type", text(HostRow::instanceType)),
    VERSION("Version", text(HostRow::version)),
    // Severity order, not alphabetical: "critical" must sort above "high".
    CRITICALITY("Criticality", Comparator.comparing(HostRow::criticality)),
    CPU("CPU", null),
    MEMORY("Memory", null),
    COST("Cost / h", null);

    private final String header;
    private final Comparator<HostRow> ascending;

    HostColumn(String header, Comparator<HostRow> ascending) {
        this.header = header;
        this.ascending = ascending;
    }

    public String header() {
        return header;
    }

    public boolean numeric() {
        return ascending == null;
    }

    /**
     * The order for this column. Numeric columns put hosts without a sample last in both
     * directions: "unknown" is never the busiest nor the idlest host.
     */
    public Comparator<HostRow> comparator(boolean asc) {
        if (!numeric()) {
            return asc ? ascending : ascending.reversed();
        }
        ToDoubleFunction<HostRow> value = value();
        return (a, b) -> {
            double x = value.applyAsDouble(a);
            double y = value.applyAsDouble(b);
            if (Double.isNaN(x) || Double.isNaN(y)) {
                return Boolean.compare(Double.isNaN(x), Double.isNaN(y));
            }
            return asc ? Double.compare(x, y) : Double.compare(y, x);
        };
    }

    /** The text shown in a text column. */
    public String text(HostRow row) {
        return switch (this) {
            case ID -> row.id();
            case SERVICES -> row.services();
            case REGION -> row.region();
            case ZONE -> row.zone();
            case INSTANCE_TYPE -> row.instanceType();
            case VERSION -> row.version();
            case CRITICALITY -> row.criticality().label();
            default -> throw new IllegalStateException(this + " is a numeric column");
        };
    }

    /** The number shown in a numeric column; {@code NaN} when unknown. */
    public ToDoubleFunction<HostRow> value() {
        return switch (this) {
            case CPU -> HostRow::cpuPercent;
            case MEMORY -> HostRow::memoryPercent;
            case COST -> HostRow::hourlyCostUsd;
            default -> throw new IllegalStateException(this + " is not a numeric column");
        };
    }

    private static Comparator<HostRow> text(Function<HostRow, String> field) {
        return Comparator.comparing(field, NaturalOrder.INSTANCE);
    }
}
