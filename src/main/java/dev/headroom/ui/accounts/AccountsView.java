package dev.headroom.ui.accounts;

import dev.headroom.ui.accounts.AccountsViewModel.AccountRow;
import dev.headroom.ui.common.Styles;
import dev.headroom.ui.shell.Section;
import dev.headroom.ui.shell.SectionPage;
import dev.headroom.ui.shell.SectionView;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;

import java.util.function.Function;

/** The Accounts section: what is connected today, and what connecting more will look like. */
public final class AccountsView implements SectionView {
    private final VBox root;

    public AccountsView(AccountsViewModel viewModel) {
        TableView<AccountRow> table = new TableView<>(viewModel.accounts());
        table.setId(Styles.ID_ACCOUNTS_TABLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(new Label("No accounts yet."));
        table.getColumns().add(column("Account", AccountRow::name));
        table.getColumns().add(column("Kind", AccountRow::kind));
        table.getColumns().add(column("Created", AccountRow::created));
        // Few accounts: size the table to its rows instead of leaving a tall empty box.
        table.setFixedCellSize(28);
        table.prefHeightProperty().bind(table.fixedCellSizeProperty()
                .multiply(Bindings.max(1, Bindings.size(viewModel.accounts())))
                .add(30));
        table.setMaxWidth(720);
        this.root = SectionPage.of(Section.ACCOUNTS, table);
    }

    private static TableColumn<AccountRow, String> column(String header, Function<AccountRow, String> field) {
        TableColumn<AccountRow, String> c = new TableColumn<>(header);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(field.apply(cell.getValue())));
        return c;
    }

    @Override
    public Node root() {
        return root;
    }
}
