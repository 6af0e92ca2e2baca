package dev.headroom.ui.forecast;

import dev.headroom.ui.common.Formats;
import dev.headroom.ui.common.Styles;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

import java.util.Locale;

/**
 * A load score as a small bar and the number, with the Fleet view's load-bar style classes so
 * that a score over 80 or 90 has the same colour as a current load over 80 % or 90 %.
 */
final class LoadScoreCell extends TableCell<ScoreRow, Number> {
    private static final double TRACK_WIDTH = 40;

    private final Region bar = new Region();
    private final Label text = new Label();
    private final HBox graphic;

    LoadScoreCell() {
        Region track = new Region();
        track.getStyleClass().add(Styles.LOAD_TRACK);
        track.setPrefWidth(TRACK_WIDTH);
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

    @Override
    protected void updateItem(Number value, boolean empty) {
        super.updateItem(value, empty);
        getStyleClass().removeAll(Styles.LOAD_HIGH, Styles.LOAD_CRITICAL);
        setText(null);
        if (empty || value == null) {
            setGraphic(null);
            return;
        }
        double score = value.doubleValue();
        text.setText(Double.isNaN(score) ? Formats.UNKNOWN : String.format(Locale.ROOT, "%.0f", score));
        bar.setPrefWidth(Double.isNaN(score) ? 0 : TRACK_WIDTH * Math.max(0, Math.min(100, score)) / 100);
        String emphasis = Styles.loadClass(score);
        if (emphasis != null) {
            getStyleClass().add(emphasis);
        }
        setGraphic(graphic);
    }
}
