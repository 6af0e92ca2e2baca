package dev.headroom.ui.accounts;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One KEY/VALUE setting of the selected account as the operator edits it, before it is saved. */
public final class SettingRow {
    private final StringProperty key = new SimpleStringProperty(this, "key", "");
    private final StringProperty value = new SimpleStringProperty(this, "value", "");

    public SettingRow(String key, String value) {
        this.key.set(key);
        this.value.set(value);
    }

    public StringProperty keyProperty() {
        return key;
    }

    public StringProperty valueProperty() {
        return value;
    }

    public String key() {
        return key.get() == null ? "" : key.get().trim();
    }

    public String value() {
        return value.get() == null ? "" : value.get();
    }
}
