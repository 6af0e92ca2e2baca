package dev.headroom.ui.plan;

import dev.headroom.domain.DomainException;
import dev.headroom.domain.Objective;
import dev.headroom.domain.Policy;
import dev.headroom.domain.Window;
import dev.headroom.ui.common.Formats;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The policy controls of the Plan page as values: sliders write the numbers, fields the budget and
 * the window. {@link #policy} turns them into a {@link Policy}, or sets an operator text on each
 * field that stops it. Field keys are the names of {@code policy.json}, as {@link DomainException}
 * reports them.
 */
public final class PolicyForm {
    public static final String SAFETY_MARGIN = "safety_margin";
    public static final String CRITICALITY_WEIGHT = "criticality_weight";
    /** The objective's weights: what an hour of window, a dollar, a kWh and a unit of risk cost a plan. */
    public static final String OBJECTIVE_WINDOW_HOUR = "objective.window_hour";
    public static final String OBJECTIVE_USD = "objective.usd";
    public static final String OBJECTIVE_KWH = "objective.kwh";
    public static final String OBJECTIVE_RISK = "objective.risk";
    public static final String CAPACITY_WEIGHT = "capacity_weight";
    public static final String MAX_BATCH_FRACTION = "max_batch_fraction";
    public static final String MAX_CONCURRENT_REGIONS = "max_concurrent_regions";
    public static final String MIN_HEALTHY_FRACTION = "min_healthy_fraction";
    public static final String STABILIZATION_MINUTES = "stabilization_minutes";
    public static final String SPOT_ALLOWED = "spot_allowed";
    public static final String BUDGET_USD = "budget_usd";
    public static final String FORECAST_QUANTILE = "forecast_quantile";
    public static final String WINDOW_START = "window.start";
    public static final String WINDOW_END = "window.end";
    /** Window times are typed in UTC, like every time the console shows. */
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final DoubleProperty safetyMargin = new SimpleDoubleProperty(this, SAFETY_MARGIN);
    private final DoubleProperty criticalityWeight = new SimpleDoubleProperty(this, CRITICALITY_WEIGHT);
    private final DoubleProperty windowHourWeight = new SimpleDoubleProperty(this, OBJECTIVE_WINDOW_HOUR);
    private final DoubleProperty usdWeight = new SimpleDoubleProperty(this, OBJECTIVE_USD);
    private final DoubleProperty kwhWeight = new SimpleDoubleProperty(this, OBJECTIVE_KWH);
    private final DoubleProperty riskWeight = new SimpleDoubleProperty(this, OBJECTIVE_RISK);
    private final DoubleProperty capacityWeight = new SimpleDoubleProperty(this, CAPACITY_WEIGHT);
    private final DoubleProperty maxBatchFraction = new SimpleDoubleProperty(this, MAX_BATCH_FRACTION);
    private final DoubleProperty maxConcurrentRegions = new SimpleDoubleProperty(this, MAX_CONCURRENT_REGIONS);
    private final DoubleProperty minHealthyFraction = new SimpleDoubleProperty(this, MIN_HEALTHY_FRACTION);
    private final DoubleProperty stabilizationMinutes = new SimpleDoubleProperty(this, STABILIZATION_MINUTES);
    private final BooleanProperty spotAllowed = new SimpleBooleanProperty(this, SPOT_ALLOWED);
    private final StringProperty budget = new SimpleStringProperty(this, BUDGET_USD, "");
    private final DoubleProperty forecastQuantile = new SimpleDoubleProperty(this, FORECAST_QUANTILE);
    private final StringProperty windowStart = new SimpleStringProperty(this, WINDOW_START, "");
    private final StringProperty windowEnd = new SimpleStringProperty(this, WINDOW_END, "");
    private final Map<String, ReadOnlyStringWrapper> errors = new LinkedHashMap<>();
    /** Kept from the policy shown: the rollout uses it, the planner does not, so the page has no control for it. */
    private double rollbackThreshold = Policy.DEFAULT.rollbackThreshold();
    private boolean filling;
    private Runnable onChange = () -> { };

    public PolicyForm() {
        for (String field : new String[] {SAFETY_MARGIN, CRITICALITY_WEIGHT, CAPACITY_WEIGHT, MAX_BATCH_FRACTION,
            MAX_CONCURRENT_REGIONS, MIN_HEALTHY_FRACTION, STABILIZATION_MINUTES, BUDGET_USD, FORECAST_QUANTILE,
            WINDOW_START, WINDOW_END, OBJECTIVE_WINDOW_HOUR, OBJECTIVE_USD, OBJECTIVE_KWH, OBJECTIVE_RISK}) {
            errors.put(field, new ReadOnlyStringWrapper(this, field + "Error", ""));
        }
        for (ObservableValue<?> v : new ObservableValue<?>[] {safetyMargin, criticalityWeight, capacityWeight,
            maxBatchFraction, maxConcurrentRegions, minHealthyFraction, stabilizationMinutes, spotAllowed, budget,
            forecastQuantile, windowStart, windowEnd, windowHourWeight, usdWeight, kwhWeight, riskWeight}) {
            v.addListener((obs, old, now) -> {
                if (!filling) {
                    onChange.run();
                }
            });
        }
        show(Policy.DEFAULT.withWindow(new Window(Instant.EPOCH, Instant.EPOCH.plus(Duration.ofHours(6)))));
    }

    /** What runs after any control changed (not while {@link #show} fills them). */
    void onChange(Runnable action) {
        this.onChange = action;
    }

    /** Fills every control from {@code policy} at once, without reporting a change per control. */
    public void show(Policy policy) {
        filling = true;
        try {
            safetyMargin.set(policy.safetyMargin());
            criticalityWeight.set(policy.criticalityWeight());
            capacityWeight.set(policy.capacityWeight());
            maxBatchFraction.set(policy.maxBatchFraction());
            maxConcurrentRegions.set(policy.maxConcurrentRegions());
            minHealthyFraction.set(policy.minHealthyFraction());
            stabilizationMinutes.set(policy.stabilizationMinutes());
            spotAllowed.set(policy.spotAllowed());
            budget.set(policy.budgetUsd().map(PolicyForm::budgetText).orElse(""));
            forecastQuantile.set(policy.forecastQuantile());
            policy.window().ifPresent(w -> {
                windowStart.set(TIME.format(w.start().atOffset(ZoneOffset.UTC)));
                windowEnd.set(TIME.format(w.end().atOffset(ZoneOffset.UTC)));
            });
            rollbackThreshold = policy.rollbackThreshold();
            windowHourWeight.set(policy.objective().perWindowHour());
            usdWeight.set(policy.objective().perUsd());
            kwhWeight.set(policy.objective().perKwh());
            riskWeight.set(policy.objective().perRisk());
            errors.values().forEach(e -> e.set(""));
        } finally {
            filling = false;
        }
    }

    /**
     * The policy the controls describe, or empty when a field stops it; each such field then has
     * an error text, and every other field none.
     *
     * @param earliestStart the window may not start before this (the planning time)
     */
    public Optional<Policy> policy(Instant earliestStart) {
        errors.values().forEach(e -> e.set(""));
        Optional<Double> budgetUsd = Optional.empty();
        boolean ok = true;
        String b = budget.get() == null ? "" : budget.get().strip().replace("$", "").replace(",", "");
        if (!b.isEmpty()) {
            try {
                budgetUsd = Optional.of(Double.parseDouble(b));
            } catch (NumberFormatException e) {
                errors.get(BUDGET_USD).set("Write the budget in dollars, e.g. 250, or leave it empty for no cap.");
                ok = false;
            }
        }
        Instant start = time(windowStart.get(), WINDOW_START);
        Instant end = time(windowEnd.get(), WINDOW_END);
        if (!ok || start == null || end == null) {
            return Optional.empty();
        }
        try {
            Window window = new Window(start, end);
            if (earliestStart != null && start.isBefore(earliestStart)) {
                errors.get(WINDOW_START).set("The window must start at or after the planning time, "
                        + Formats.clock(earliestStart) + ".");
                return Optional.empty();
            }
            return Optional.of(new Policy(Optional.of(window), thousandths(safetyMargin), thousandths(criticalityWeight),
                    thousandths(capacityWeight), thousandths(maxBatchFraction), (int) Math.round(maxConcurrentRegions.get()),
                    thousandths(minHealthyFraction), rollbackThreshold, (int) Math.round(stabilizationMinutes.get()),
                    spotAllowed.get(), budgetUsd, thousandths(forecastQuantile),
                    new Objective(thousandths(windowHourWeight), thousandths(usdWeight), thousandths(kwhWeight),
                            thousandths(riskWeight))));
        } catch (DomainException e) {
            ReadOnlyStringWrapper error = errors.get("objective".equals(e.field()) ? OBJECTIVE_WINDOW_HOUR : e.field());
            (error == null ? errors.get(WINDOW_END) : error).set(operatorText(e));
            return Optional.empty();
        }
    }

    /** A slider's value as the policy keeps it: 0.2, not 0.2000000003 (which plan.json would show). */
    private static double thousandths(DoubleProperty value) {
        return Math.round(value.get() * 1000) / 1000.0;
    }

    private Instant time(String text, String field) {
        try {
            return LocalDateTime.parse(text == null ? "" : text.strip(), TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            errors.get(field).set("Write the time as YYYY-MM-DD HH:mm in UTC, e.g. 2026-11-23 06:00.");
            return null;
        }
    }

    /** The rule a value broke, in the words of the page's controls. */
    static String operatorText(DomainException e) {
        return switch (e.field()) {
            case SAFETY_MARGIN -> "The safety margin must be at least 0 % and below 100 %.";
            case CRITICALITY_WEIGHT, CAPACITY_WEIGHT -> e.rule().contains("both")
                    ? "The criticality and capacity weights cannot both be 0: raise one of them."
                    : "A weight must be between 0 and 1.";
            case MAX_BATCH_FRACTION -> "A batch must take more than 0 % and at most 100 % of a service's hosts.";
            case MAX_CONCURRENT_REGIONS -> "At least one region must be allowed at a time.";
            case MIN_HEALTHY_FRACTION -> "Min healthy must be between 0 % and 100 % of a service's hosts.";
            case STABILIZATION_MINUTES -> "Stabilisation must be 0 minutes or more.";
            case BUDGET_USD -> "The budget must be 0 dollars or more; leave it empty for no cap.";
            case FORECAST_QUANTILE -> "The forecast quantile must be at least 0.50 and below 1.";
            case WINDOW_END -> "The window must end after it starts.";
            case "objective" -> "At least one objective weight must be above 0, or no plan is better than another.";
            default -> e.getMessage();
        };
    }

    private static String budgetText(double usd) {
        return usd == Math.rint(usd) ? String.format(Locale.ROOT, "%.0f", usd) : String.format(Locale.ROOT, "%.2f", usd);
    }

    /** The error text of a field (one of the constants); empty while it is fine. */
    public ReadOnlyStringProperty errorProperty(String field) {
        ReadOnlyStringWrapper e = errors.get(field);
        if (e == null) {
            throw new IllegalArgumentException("no field " + field);
        }
        return e.getReadOnlyProperty();
    }

    /** Fields with an error, and the error. */
    public Map<String, String> errors() {
        Map<String, String> out = new LinkedHashMap<>();
        errors.forEach((k, v) -> {
            if (!v.get().isEmpty()) {
                out.put(k, v.get());
            }
        });
        return out;
    }

    public DoubleProperty safetyMarginProperty() {
        return safetyMargin;
    }

    public DoubleProperty criticalityWeightProperty() {
        return criticalityWeight;
    }

    public DoubleProperty capacityWeightProperty() {
        return capacityWeight;
    }

    public DoubleProperty maxBatchFractionProperty() {
        return maxBatchFraction;
    }

    /** Whole regions; a slider may hand over a fraction, which is rounded. */
    public DoubleProperty maxConcurrentRegionsProperty() {
        return maxConcurrentRegions;
    }

    public DoubleProperty minHealthyFractionProperty() {
        return minHealthyFraction;
    }

    /** Whole minutes; a slider may hand over a fraction, which is rounded. */
    public DoubleProperty stabilizationMinutesProperty() {
        return stabilizationMinutes;
    }

    public BooleanProperty spotAllowedProperty() {
        return spotAllowed;
    }

    /** Dollars; empty for no cap. */
    public StringProperty budgetProperty() {
        return budget;
    }

    public DoubleProperty forecastQuantileProperty() {
        return forecastQuantile;
    }

    /** "2026-11-23 06:00", UTC. */
    public StringProperty windowStartProperty() {
        return windowStart;
    }

    public StringProperty windowEndProperty() {
        return windowEnd;
    }

    public DoubleProperty windowHourWeightProperty() {
        return windowHourWeight;
    }

    public DoubleProperty usdWeightProperty() {
        return usdWeight;
    }

    public DoubleProperty kwhWeightProperty() {
        return kwhWeight;
    }

    public DoubleProperty riskWeightProperty() {
        return riskWeight;
    }
}
