package dev.headroom.ui.common;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A 0–100 value as a small bar and its number, coloured when headroom runs short: current
 * utilisation on the Fleet page and load scores on the Forecasts page look alike on purpose.
 */
public final class LoadCell<S> extends TableCell<S, Number> {
    private final double trackWidth;
    private final DoubleFunction<String> format;
    private final Region bar = new Region();
    private final Label text = new Label();
    private final HBox graphic;

    private LoadCell(double trackWidth, DoubleFunction<String> format) {
        this.trackWidth = trackWidth;
        this.format = format;
        Region track = new Region();
        track.getStyleClass().add(Styles.LOAD_TRACK);
        track.setPrefWidth(trackWidth);
        bar.getStyleClass().add(Styles.LOAD_BAR);
        bar.setMaxWidth(Region.USE_PREF_SIZE);
        StackPane gauge = new StackPane(track, bar);
        gauge.setAlignment(Pos.CENTER_LEFT);
        gauge.setMaxHeight(8);
        gauge.setPrefHeight(8);
        text.getStyleClass().add(Styles.NUMERIC);
        graphic = new HBox(8, gauge, text);
        graphic.setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add(Styles.LOAD_CELL);
    }

    /** Utilisation in percent, e.g. "83.3 %". */
    public static <S> LoadCell<S> percent() {
        return new LoadCell<>(56, Formats::percent);
    }

    /** A 0–100 score as a whole number; a narrower bar fits beside the other score columns. */
    public static <S> LoadCell<S> score() {
        return new LoadCell<>(40, v -> Double.isNaN(v) ? Formats.UNKNOWN : String.format(Locale.ROOT, "%.0f", v));
    }

    @Override
    protected void updateItem(Number value, boolean empty) {
        super.updateItem(value, empty);
        getStyleClass().removeAll(Styles.LOAD_HIGH, Styles.LOAD_CRITICAL);
        setText(null);
        if (empty || value == null) {
            setGraphic(null);
            return;
        }
        double v = value.doubleValue();
        text.setText(format.apply(v));
        bar.setPrefWidth(Double.isNaN(v) ? 0 : trackWidth * Math.max(0, Math.min(100, v)) / 100);
        String emphasis = Styles.loadClass(v);
        if (emphasis != null) {
            getStyleClass().add(emphasis);
        }
        setGraphic(graphic);
    }
}
