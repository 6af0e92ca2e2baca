package dev.headroom.ui.accounts;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.DomainException;
import dev.headroom.domain.HeadroomException;
import dev.headroom.engine.AccountService;
import dev.headroom.engine.AccountService.SyncResult;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.BackgroundRunner;
import dev.headroom.ui.common.Formats;
import dev.headroom.ui.common.Problems;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * State of the Accounts section: the stored accounts with their status, the selected account's
 * settings as the operator edits them, and the work on it (test, sync, save, remove, add), which
 * runs in the background. Secrets pass through as {@code char[]} handed in by the view and are
 * cleared once the work that needed them ends; no property ever holds one.
 */
public final class AccountsViewModel {
    private static final System.Logger LOG = System.getLogger(AccountsViewModel.class.getName());
    /** Settings Headroom keeps itself: shown as status, never edited. */
    static final Set<String> STATUS_KEYS = Set.of(AccountService.LAST_SYNC, AccountService.LAST_SYNC_SUMMARY,
            AccountService.LAST_CHECK, AccountService.LAST_ERROR, AccountService.LAST_ERROR_AT);
    public static final String OK = "ok";
    public static final String ERROR = "error";
    public static final String NOT_SYNCED = "not synced yet";

    private final AccountOperations operations;
    private final BackgroundRunner runner;
    private final Problems problems;
    private final Activity activity;
    private final Runnable accountsChanged;

    private final ObservableList<AccountRow> accounts = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded");
    private final ObjectProperty<String> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<Account> account = new ReadOnlyObjectWrapper<>(this, "account");
    private final ObservableList<SettingRow> settings = FXCollections.observableArrayList();
    /** The editable settings as stored when the editor was filled: what a save compares against. */
    private Map<String, String> storedSettings = Map.of();
    private final ReadOnlyBooleanWrapper editable = new ReadOnlyBooleanWrapper(this, "editable");
    private final ReadOnlyBooleanWrapper syncable = new ReadOnlyBooleanWrapper(this, "syncable");
    private final ReadOnlyBooleanWrapper hasSecret = new ReadOnlyBooleanWrapper(this, "hasSecret");
    private final ReadOnlyStringWrapper checkText = new ReadOnlyStringWrapper(this, "checkText", "");
    private final ReadOnlyStringWrapper syncText = new ReadOnlyStringWrapper(this, "syncText", "");
    private final ReadOnlyStringWrapper errorText = new ReadOnlyStringWrapper(this, "errorText", "");
    private final ReadOnlyBooleanWrapper working = new ReadOnlyBooleanWrapper(this, "working");
    private final ReadOnlyStringWrapper syncing = new ReadOnlyStringWrapper(this, "syncing", "");
    private final ReadOnlyDoubleWrapper syncProgress = new ReadOnlyDoubleWrapper(this, "syncProgress",
            Activity.UNKNOWN);
    private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper(this, "outcome", "");
    private final ReadOnlyStringWrapper detailError = new ReadOnlyStringWrapper(this, "detailError", "");

    private final AddAccountForm form = new AddAccountForm();
    private final BooleanProperty formOpen = new SimpleBooleanProperty(this, "formOpen");
    private final ReadOnlyStringWrapper formError = new ReadOnlyStringWrapper(this, "formError", "");
    private final ReadOnlyBooleanWrapper adding = new ReadOnlyBooleanWrapper(this, "adding");

    /**
     * @param accountsChanged runs after an account was added, synced or removed, so that pages
     *                        showing accounts read them again
     */
    public AccountsViewModel(AccountOperations operations, BackgroundRunner runner, Problems problems,
                             Activity activity, Runnable accountsChanged) {
        this.operations = operations;
        this.runner = runner;
        this.problems = problems;
        this.activity = activity;
        this.accountsChanged = accountsChanged;
        selected.addListener((obs, was, now) -> {
            if (!Objects.equals(was, now)) {
                outcome.set("");
                detailError.set("");
                show(find(now), false);
            }
        });
    }

    public void load() {
        Runnable done = activity.begin("Loading the accounts…");
        runner.run(operations::accounts, list -> {
            done.run();
            apply(list);
        }, problem -> {
            done.run();
            problems.report(problem, this::load);
        });
    }

    private void apply(List<Account> list) {
        apply(list, selected.get());
    }

    /**
     * Shows {@code list} with {@code wanted} selected (the first account when it is gone). The
     * selection is set after the rows: a table showing them may move its own selection while they
     * are replaced.
     */
    private void apply(List<Account> list, String wanted) {
        accounts.setAll(list.stream().map(AccountRow::of).toList());
        loaded.set(true);
        String name = find(wanted) != null ? wanted : accounts.isEmpty() ? null : accounts.get(0).name();
        if (Objects.equals(name, selected.get())) {
            // no change for the listener: the same account, read again, keeping unsaved edits
            show(find(name), true);
        } else {
            selected.set(name);
        }
    }

    private Account find(String name) {
        return name == null ? null : accounts.stream().filter(r -> r.name().equals(name)).findFirst()
                .map(AccountRow::account).orElse(null);
    }

    /** Shows {@code a}; unsaved edits are kept when {@code keepEdits} and the operator has made some. */
    private void show(Account a, boolean keepEdits) {
        account.set(a);
        if (a == null) {
            settings.clear();
            storedSettings = Map.of();
            editable.set(false);
            syncable.set(false);
            hasSecret.set(false);
            checkText.set("");
            syncText.set("");
            errorText.set("");
            return;
        }
        Map<String, String> stored = editableSettings(a);
        if (!keepEdits || edited().equals(storedSettings)) {
            settings.setAll(stored.entrySet().stream().map(e -> new SettingRow(e.getKey(), e.getValue())).toList());
        }
        storedSettings = stored;
        boolean connected = connected(a.kind());
        editable.set(connected);
        syncable.set(connected);
        hasSecret.set(!operations.secretFields(a.kind()).isEmpty());
        checkText.set(checkText(a));
        syncText.set(syncText(a));
        errorText.set(errorText(a));
    }

    /** The sandbox is generated and files are imported: neither is reached over a connection to sync or edit. */
    static boolean connected(AccountKind kind) {
        return kind != AccountKind.SANDBOX && kind != AccountKind.FILES;
    }

    private static Map<String, String> editableSettings(Account a) {
        Map<String, String> out = new TreeMap<>(a.settings());
        out.keySet().removeAll(STATUS_KEYS);
        return out;
    }

    /** The editor's rows as settings; a row without a key is left out (a save refuses it). */
    private Map<String, String> edited() {
        Map<String, String> out = new TreeMap<>();
        for (SettingRow row : settings) {
            if (!row.key().isEmpty()) {
                out.put(row.key(), row.value());
            }
        }
        return out;
    }

    private static String checkText(Account a) {
        String check = a.setting(AccountService.LAST_CHECK, "");
        if (check.isEmpty()) {
            return "Connection not tested yet.";
        }
        int colon = check.indexOf(": ");
        return colon < 0 ? "Last check: " + check
                : "Last check " + time(check.substring(0, colon)) + ": " + check.substring(colon + 2);
    }

    private static String syncText(Account a) {
        String at = a.setting(AccountService.LAST_SYNC, "");
        if (!at.isEmpty()) {
            String summary = a.setting(AccountService.LAST_SYNC_SUMMARY, "");
            return "Last sync " + time(at) + (summary.isEmpty() ? "." : ": " + summary + ".");
        }
        return switch (a.kind()) {
            case SANDBOX -> "Generated by Headroom: its hosts and load are simulated, so it is never synced.";
            case FILES -> "Imported from " + a.setting("source", "a scenario directory") + "; to change it, import "
                    + "the directory again with \"headroom import\".";
            default -> "Never synced: press Sync now to read its hosts and load history.";
        };
    }

    private static String errorText(Account a) {
        String error = a.setting(AccountService.LAST_ERROR, "");
        if (error.isEmpty()) {
            return "";
        }
        String at = a.setting(AccountService.LAST_ERROR_AT, "");
        return "Last error" + (at.isEmpty() ? "" : " " + time(at)) + ": " + error + " The error is cleared by the "
                + "next successful Test connection or Sync now.";
    }

    private static String time(String instant) {
        try {
            return Formats.clock(Instant.parse(instant.trim()));
        } catch (DateTimeParseException e) {
            return instant;
        }
    }

    // ---- the selected account's settings

    /** Adds an empty row for a new setting and returns it, so that the view can select it. */
    public SettingRow addSetting() {
        SettingRow row = new SettingRow("", "");
        settings.add(row);
        return row;
    }

    public void removeSetting(SettingRow row) {
        settings.remove(row);
    }

    /** Puts the stored settings back in the editor, dropping unsaved edits. */
    public void revertSettings() {
        detailError.set("");
        outcome.set("");
        show(account.get(), false);
    }

    /**
     * Saves the edited settings: changed and new keys are set, keys whose rows were removed are
     * removed. A value the provider refuses leaves every stored setting as it was, and the edits
     * stay in the editor with the reason next to them.
     */
    public void saveSettings() {
        Account a = account.get();
        if (a == null || working.get()) {
            return;
        }
        outcome.set("");
        detailError.set("");
        Map<String, String> changes;
        try {
            changes = changes();
        } catch (HeadroomException e) {
            detailError.set(e.operatorMessage());
            return;
        }
        if (changes.isEmpty()) {
            outcome.set("Nothing to save: the settings are as stored.");
            return;
        }
        String name = a.name();
        Runnable done = begin("Saving the settings of " + name + "…");
        runner.run(() -> {
            operations.updateSettings(name, changes);
            return operations.accounts();
        }, list -> {
            done.run();
            apply(list);
            if (name.equals(selected.get())) {
                // the editor now shows the settings as stored, in their stored order
                show(account.get(), false);
                outcome.set("Saved " + Formats.count(changes.size(), "change", "changes") + " to the settings of "
                        + name + ". Press Sync now to read the account with them.");
            }
        }, problem -> {
            done.run();
            if (name.equals(selected.get())) {
                detailError.set(operatorMessage(problem) + " Nothing was saved; the stored settings are unchanged.");
            } else {
                problems.report(problem, null);
            }
        });
    }

    private Map<String, String> changes() {
        Map<String, String> now = new LinkedHashMap<>();
        for (int i = 0; i < settings.size(); i++) {
            SettingRow row = settings.get(i);
            if (row.key().isEmpty()) {
                throw new HeadroomException("Setting " + (i + 1) + " has no key: enter one (e.g. mapping), or "
                        + "remove the row.");
            }
            if (now.containsKey(row.key())) {
                throw new HeadroomException("The setting \"" + row.key() + "\" is there twice; remove one of the rows.");
            }
            if (STATUS_KEYS.contains(row.key())) {
                throw new HeadroomException("The setting \"" + row.key() + "\" is kept by Headroom itself; remove the "
                        + "row.");
            }
            if (row.value().isBlank()) {
                throw new HeadroomException("The setting \"" + row.key() + "\" has no value: enter one, or remove the "
                        + "row to remove the setting.");
            }
            now.put(row.key(), row.value());
        }
        // HashMap: a removed key is a null value
        Map<String, String> changes = new HashMap<>();
        storedSettings.keySet().stream().filter(k -> !now.containsKey(k)).forEach(k -> changes.put(k, null));
        now.forEach((k, v) -> {
            if (!v.equals(storedSettings.get(k))) {
                changes.put(k, v);
            }
        });
        return changes;
    }

    // ---- work on the selected account

    /** Reaches the selected account's provider; the outcome (or the error) becomes its status. */
    public void test() {
        Account a = account.get();
        if (a != null && !working.get()) {
            test(a.name());
        }
    }

    private void test(String name) {
        outcome.set("");
        Runnable done = begin("Testing the connection of " + name + "…");
        runner.run(() -> new Tested(operations.test(name), operations.accounts()), tested -> {
            done.run();
            apply(tested.accounts());
            if (name.equals(selected.get())) {
                // what the provider found is in the check line; this says it was just now
                outcome.set("Connection OK.");
            }
            activity.tell("Connection of " + name + " OK");
        }, problem -> {
            done.run();
            problems.report(problem, () -> test(name));
            // the failed check is now the account's status
            load();
        });
    }

    private record Tested(String text, List<Account> accounts) {
    }

    /**
     * Reads the selected account's inventory and history into the store in the background, with
     * progress in the status bar and the detail pane.
     */
    public void sync() {
        Account a = account.get();
        if (a != null && !working.get() && connected(a.kind())) {
            sync(a.name());
        }
    }

    private void sync(String name) {
        outcome.set("");
        Runnable done = begin("Syncing " + name + "…");
        syncing.set(name);
        syncProgress.set(0);
        runner.run(progress -> new Synced(operations.sync(name, progress), operations.accounts()),
                (fraction, message) -> {
                    syncProgress.set(fraction < 0 ? Activity.UNKNOWN : Math.min(1, fraction));
                    activity.progress(fraction, message);
                }, synced -> {
                    syncing.set("");
                    done.run();
                    apply(synced.accounts());
                    SyncResult r = synced.result();
                    String text = String.format(Locale.ROOT, "Synced %s in %.1f s: %s, %s, %s, %s (%s).", name,
                            r.took().toMillis() / 1000.0, Formats.count(r.hosts(), "host", "hosts"),
                            Formats.count(r.services(), "service", "services"),
                            Formats.count(r.dependencies(), "dependency", "dependencies"),
                            Formats.count(r.series(), "series", "series"),
                            Formats.count(r.samples(), "sample", "samples"));
                    if (name.equals(selected.get())) {
                        outcome.set(r.notes().isEmpty() ? text : text + " Note: " + String.join(" ", r.notes()));
                    }
                    activity.tell("Synced " + name);
                    accountsChanged.run();
                }, problem -> {
                    syncing.set("");
                    done.run();
                    problems.report(problem, () -> sync(name));
                    load();
                });
    }

    private record Synced(SyncResult result, List<Account> accounts) {
    }

    /** What removing the selected account does, for the confirmation the view asks. */
    public String removeConfirmation() {
        Account a = account.get();
        if (a == null) {
            return "";
        }
        String where = switch (a.kind()) {
            case SANDBOX -> " The sandbox's simulated cloud is gone with it; restart Headroom with no account "
                    + "left to generate a new one.";
            case FILES -> " The scenario directory it was imported from is not touched.";
            default -> " The " + a.kind().label() + " " + (a.kind() == AccountKind.KUBERNETES ? "cluster" : "server")
                    + " itself is not changed.";
        };
        return "Remove account \"" + a.name() + "\" (" + a.kind().label() + ")? Everything Headroom stored for it is "
                + "deleted: its hosts, services, dependencies, metric history, releases, events and policy"
                + (hasSecret.get() ? ", and its secret in the secret store" : "") + "." + where;
    }

    /** Removes the selected account; call after the operator confirmed {@link #removeConfirmation()}. */
    public void remove() {
        Account a = account.get();
        if (a == null || working.get()) {
            return;
        }
        String name = a.name();
        outcome.set("");
        Runnable done = begin("Removing account " + name + "…");
        runner.run(() -> {
            operations.remove(name);
            return operations.accounts();
        }, list -> {
            done.run();
            apply(list);
            activity.tell("Account " + name + " removed");
            accountsChanged.run();
        }, problem -> {
            done.run();
            problems.report(problem, null);
            load();
        });
    }

    /**
     * Replaces the selected account's secret with {@code secret}, which is cleared once stored or
     * refused.
     */
    public void replaceSecret(char[] secret) {
        Account a = account.get();
        List<String> fields = a == null ? List.of() : operations.secretFields(a.kind());
        if (a == null || working.get() || fields.isEmpty() || secret.length == 0) {
            Arrays.fill(secret, '\0');
            if (a != null && secret.length == 0) {
                detailError.set("Enter the new secret first.");
            }
            return;
        }
        String name = a.name();
        outcome.set("");
        detailError.set("");
        Runnable done = begin("Storing the new secret of " + name + "…");
        runner.run(() -> {
            try {
                operations.putSecret(name, fields.get(0), secret);
            } finally {
                Arrays.fill(secret, '\0');
            }
            return name;
        }, stored -> {
            done.run();
            if (name.equals(selected.get())) {
                outcome.set("The secret of " + name + " was replaced in the secret store. Press Test connection to "
                        + "check it.");
            }
        }, problem -> {
            Arrays.fill(secret, '\0');
            done.run();
            if (name.equals(selected.get())) {
                detailError.set(operatorMessage(problem) + " The stored secret is unchanged.");
            } else {
                problems.report(problem, null);
            }
        });
    }

    private Runnable begin(String what) {
        working.set(true);
        Runnable done = activity.begin(what);
        return () -> {
            working.set(false);
            done.run();
        };
    }

    // ---- adding an account

    public void openForm() {
        formError.set("");
        formOpen.set(true);
    }

    public void cancelForm() {
        formError.set("");
        formOpen.set(false);
        form.clear();
    }

    /**
     * Adds the account the form describes in the background, with {@code secret} (empty for none),
     * which is cleared when the add ends, however it ends. Errors show next to the form; the form
     * keeps what was typed except the secret.
     */
    public void add(char[] secret) {
        if (adding.get()) {
            Arrays.fill(secret, '\0');
            return;
        }
        formError.set("");
        AccountKind kind = form.kindProperty().get();
        String name = form.name();
        Map<String, String> values;
        try {
            values = form.settings();
            if (secret.length > 0 && operations.secretFields(kind).isEmpty()) {
                throw new HeadroomException("A " + kind.label() + " account has no secret; leave the secret empty.");
            }
        } catch (HeadroomException e) {
            Arrays.fill(secret, '\0');
            formError.set(e.operatorMessage());
            return;
        }
        Map<String, char[]> secrets = secret.length == 0 ? Map.of()
                : Map.of(operations.secretFields(kind).get(0), secret);
        adding.set(true);
        Runnable done = activity.begin("Adding account " + name + "…");
        runner.run(() -> {
            try {
                operations.add(kind, name, values, secrets);
            } finally {
                Arrays.fill(secret, '\0');
            }
            return operations.accounts();
        }, list -> {
            adding.set(false);
            done.run();
            form.clear();
            formOpen.set(false);
            apply(list, name);
            outcome.set("Added " + kind.label() + " account " + name + (secrets.isEmpty() ? "" : "; its secret is in "
                    + "the secret store") + ". Press Test connection, then Sync now to read its hosts and load history.");
            accountsChanged.run();
        }, problem -> {
            Arrays.fill(secret, '\0');
            adding.set(false);
            done.run();
            formError.set(operatorMessage(problem));
        });
    }

    /** The operator text of a failure shown next to a form rather than in the banner; unexpected ones are logged. */
    private static String operatorMessage(Throwable problem) {
        if (!(problem instanceof HeadroomException) && !(problem instanceof DomainException)) {
            LOG.log(System.Logger.Level.ERROR, "Unexpected failure of account work", problem);
        }
        return Problems.operatorMessage(problem);
    }

    // ---- properties

    public ObservableList<AccountRow> accounts() {
        return accounts;
    }

    /** True once the accounts were read; before that the empty-state hint is not shown. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** The selected account's name; the view sets it from the table's selection. */
    public ObjectProperty<String> selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<Account> accountProperty() {
        return account.getReadOnlyProperty();
    }

    /** The selected account's settings as edited (status keys left out). */
    public ObservableList<SettingRow> settings() {
        return settings;
    }

    public ReadOnlyBooleanProperty editableProperty() {
        return editable.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty syncableProperty() {
        return syncable.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty hasSecretProperty() {
        return hasSecret.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty checkTextProperty() {
        return checkText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty syncTextProperty() {
        return syncText.getReadOnlyProperty();
    }

    /** The last error with when it happened and what clears it; empty when there is none. */
    public ReadOnlyStringProperty errorTextProperty() {
        return errorText.getReadOnlyProperty();
    }

    /** True while work on an account (test, sync, save, secret, remove) runs; its buttons are disabled. */
    public ReadOnlyBooleanProperty workingProperty() {
        return working.getReadOnlyProperty();
    }

    /** The account being synced; empty when none is. */
    public ReadOnlyStringProperty syncingProperty() {
        return syncing.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty syncProgressProperty() {
        return syncProgress.getReadOnlyProperty();
    }

    /** What the last work on the selected account did, in operator words. */
    public ReadOnlyStringProperty outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    /** Why the last save or secret change was refused; empty when none was. */
    public ReadOnlyStringProperty detailErrorProperty() {
        return detailError.getReadOnlyProperty();
    }

    public AddAccountForm form() {
        return form;
    }

    public BooleanProperty formOpenProperty() {
        return formOpen;
    }

    public ReadOnlyStringProperty formErrorProperty() {
        return formError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty addingProperty() {
        return adding.getReadOnlyProperty();
    }

    /** One line of the accounts table. */
    public record AccountRow(String name, String kind, String source, String lastSync, String status,
                             Account account) {
        static AccountRow of(Account a) {
            String sync = a.setting(AccountService.LAST_SYNC, "");
            String status = !a.setting(AccountService.LAST_ERROR, "").isEmpty() ? ERROR
                    : connected(a.kind()) && sync.isEmpty() ? NOT_SYNCED : OK;
            return new AccountRow(a.name(), a.kind().label(), source(a), sync.isEmpty() ? "" : time(sync), status, a);
        }

        /** Where the account's data comes from, as the command line's list shows it. */
        private static String source(Account a) {
            for (String key : List.of("source", AddAccountForm.URL, AddAccountForm.KUBECONFIG)) {
                String v = a.setting(key, "");
                if (!v.isEmpty()) {
                    return key.equals(AddAccountForm.KUBECONFIG) && !a.setting(AddAccountForm.CONTEXT, "").isEmpty()
                            ? v + " (" + a.setting(AddAccountForm.CONTEXT, "") + ")" : v;
                }
            }
            return switch (a.kind()) {
                case SANDBOX -> "simulated by Headroom";
                default -> "";
            };
        }
    }
}
