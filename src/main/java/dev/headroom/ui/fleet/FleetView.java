package dev.headroom.ui.fleet;

import dev.headroom.ui.common.LoadCell;
import dev.headroom.ui.common.Formats;
import dev.headroom.ui.common.Styles;
import dev.headroom.ui.shell.Section;
import dev.headroom.ui.shell.SectionPage;
import dev.headroom.ui.shell.SectionView;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.Optional;

/** The Fleet section: totals, filters and the host table. Binds controls to {@link FleetViewModel}. */
public final class FleetView implements SectionView {
    private final FleetViewModel viewModel;
    private final VBox root;
    private final TextField filter = new TextField();

    public FleetView(FleetViewModel viewModel) {
        this.viewModel = viewModel;
        TableView<HostRow> table = table();
        VBox.setVgrow(table, Priority.ALWAYS);
        this.root = SectionPage.of(Section.FLEET, summary(), toolbar(), table);
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public Optional<Node> searchField() {
        return Optional.of(filter);
    }

    private Node summary() {
        HBox tiles = new HBox(
                tile("Hosts", viewModel.hostsTextProperty(), null),
                tile("Services", viewModel.servicesTextProperty(), null),
                tile("Placement", viewModel.placementTextProperty(), null),
                tile("Capacity", viewModel.capacityTextProperty(), null),
                tile("Cost", viewModel.costTextProperty(), null),
                tile("CPU load", percentText(viewModel.cpuLoadProperty()), viewModel.cpuLoadProperty()),
                tile("Memory load", percentText(viewModel.memoryLoadProperty()), viewModel.memoryLoadProperty()));
        tiles.getStyleClass().add(Styles.SUMMARY);
        return tiles;
    }

    private static ObservableStringValue percentText(ReadOnlyDoubleProperty load) {
        return Bindings.createStringBinding(() -> Formats.percent(load.get()), load);
    }

    private static Node tile(String caption, ObservableStringValue value, ReadOnlyDoubleProperty load) {
        Label valueLabel = new Label();
        valueLabel.textProperty().bind(value);
        valueLabel.getStyleClass().add(Styles.TILE_VALUE);
        Label captionLabel = new Label(caption);
        captionLabel.getStyleClass().add(Styles.TILE_LABEL);
        VBox tile = new VBox(valueLabel, captionLabel);
        tile.getStyleClass().add(Styles.TILE);
        HBox.setHgrow(tile, Priority.ALWAYS);
        tile.setMaxWidth(Double.MAX_VALUE);
        if (load != null) {
            load.addListener((obs, old, now) -> {
                tile.getStyleClass().removeAll(Styles.LOAD_HIGH, Styles.LOAD_CRITICAL);
                String emphasis = Styles.loadClass(now.doubleValue());
                if (emphasis != null) {
                    tile.getStyleClass().add(emphasis);
                }
            });
        }
        return tile;
    }

    private Node toolbar() {
        ComboBox<String> account = new ComboBox<>(viewModel.accountNames());
        account.valueProperty().bindBidirectional(viewModel.accountProperty());
        Label accountLabel = new Label("_Account");
        accountLabel.setLabelFor(account);
        accountLabel.setMnemonicParsing(true);
        HBox accountGroup = new HBox(6, accountLabel, account);
        accountGroup.setAlignment(Pos.CENTER_LEFT);
        accountGroup.visibleProperty().bind(viewModel.severalAccounts());
        accountGroup.managedProperty().bind(accountGroup.visibleProperty());

        filter.setId(Styles.ID_HOST_FILTER);
        filter.setPromptText("id, service, region, zone, type, version, criticality");
        filter.setPrefColumnCount(28);
        filter.setTooltip(new Tooltip("Every word must match (Ctrl+F)"));
        filter.textProperty().bindBidirectional(viewModel.filterTextProperty());
        Label filterLabel = new Label("_Search");
        filterLabel.setLabelFor(filter);
        filterLabel.setMnemonicParsing(true);

        ChoiceBox<String> region = new ChoiceBox<>(viewModel.regions());
        region.setId(Styles.ID_REGION_FILTER);
        region.valueProperty().bindBidirectional(viewModel.regionProperty());
        Label regionLabel = new Label("Re_gion");
        regionLabel.setLabelFor(region);
        regionLabel.setMnemonicParsing(true);

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label count = new Label();
        count.setId(Styles.ID_ROW_COUNT);
        count.getStyleClass().add(Styles.MUTED);
        count.textProperty().bind(viewModel.rowCountTextProperty());
        Button refresh = new Button("Refres_h");
        refresh.setTooltip(new Tooltip("Load the account's current load again"));
        refresh.setOnAction(e -> viewModel.load());

        HBox bar = new HBox(10, accountGroup, filterLabel, filter, regionLabel, region, spacer, count, refresh);
        bar.getStyleClass().add(Styles.TOOLBAR);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private TableView<HostRow> table() {
        TableView<HostRow> table = new TableView<>(viewModel.hostRows());
        table.setId(Styles.ID_HOSTS_TABLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(new Label("No host matches the search and region."));
        for (HostColumn column : HostColumn.values()) {
            table.getColumns().add(column.numeric() ? numericColumn(column) : textColumn(column));
        }
        // The view model owns the order (NaN last in both directions); the table only reports
        // which columns the operator clicked.
        table.setSortPolicy(t -> {
            List<SortKey> keys = t.getSortOrder().stream()
                    .map(c -> new SortKey((HostColumn) c.getUserData(), c.getSortType() == TableColumn.SortType.ASCENDING))
                    .toList();
            viewModel.sort(keys);
            return true;
        });
        return table;
    }

    private static TableColumn<HostRow, String> textColumn(HostColumn column) {
        TableColumn<HostRow, String> c = new TableColumn<>(column.header());
        c.setUserData(column);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(column.text(cell.getValue())));
        c.setPrefWidth(switch (column) {
            // wide enough for the sandbox's longest names, e.g. apse1-recommendationservice-05
            case ID -> 205;
            case SERVICES -> 150;
            case REGION -> 115;
            case ZONE -> 125;
            case INSTANCE_TYPE -> 100;
            case VERSION -> 70;
            default -> 80;
        });
        return c;
    }

    private static TableColumn<HostRow, Number> numericColumn(HostColumn column) {
        TableColumn<HostRow, Number> c = new TableColumn<>(column.header());
        c.setUserData(column);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(column.value().applyAsDouble(cell.getValue())));
        if (column == HostColumn.COST) {
            c.setCellFactory(col -> new MoneyCell());
            c.setPrefWidth(90);
        } else {
            c.setCellFactory(col -> LoadCell.percent());
            c.setPrefWidth(125);
            // below this the percentage is cut off, and the number matters more than the bar
            c.setMinWidth(115);
        }
        return c;
    }

    private static final class MoneyCell extends TableCell<HostRow, Number> {
        MoneyCell() {
            getStyleClass().add(Styles.NUMERIC);
            setAlignment(Pos.CENTER_RIGHT);
        }

        @Override
        protected void updateItem(Number value, boolean empty) {
            super.updateItem(value, empty);
            setText(empty || value == null ? null : Formats.hourlyPrice(value.doubleValue()));
        }
    }
}
