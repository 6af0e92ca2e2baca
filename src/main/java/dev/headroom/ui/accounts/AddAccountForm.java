package dev.headroom.ui.accounts;

import dev.headroom.domain.AccountKind;
import dev.headroom.domain.HeadroomException;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fields of "Add account…" and their checks. The secret is not one of them: it is read from
 * its password field only when the account is added, so no property holds it.
 */
public final class AddAccountForm {
    /** The kinds an operator adds here; the sandbox and imported files come from the command line. */
    public static final List<AccountKind> KINDS = List.of(AccountKind.PROMETHEUS, AccountKind.KUBERNETES);
    public static final String URL = "url";
    public static final String KUBECONFIG = "kubeconfig";
    public static final String CONTEXT = "context";

    private final ObjectProperty<AccountKind> kind = new SimpleObjectProperty<>(this, "kind", AccountKind.PROMETHEUS);
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty url = new SimpleStringProperty(this, URL, "");
    private final StringProperty kubeconfig = new SimpleStringProperty(this, KUBECONFIG, "");
    private final StringProperty context = new SimpleStringProperty(this, CONTEXT, "");
    /** One KEY=VALUE a line; blank lines and lines starting with # are skipped. */
    private final StringProperty extra = new SimpleStringProperty(this, "extra", "");

    public ObjectProperty<AccountKind> kindProperty() {
        return kind;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty urlProperty() {
        return url;
    }

    public StringProperty kubeconfigProperty() {
        return kubeconfig;
    }

    public StringProperty contextProperty() {
        return context;
    }

    public StringProperty extraProperty() {
        return extra;
    }

    /** The account's name as typed, trimmed. */
    String name() {
        return name.get() == null ? "" : name.get().trim();
    }

    /**
     * The settings of the account to add, checked as far as the form can; the provider checks the
     * rest when the account is added.
     *
     * @throws HeadroomException naming the field that is wrong and what to enter
     */
    Map<String, String> settings() {
        AccountKind k = kind.get();
        if (k == null || !KINDS.contains(k)) {
            throw new HeadroomException("Choose the kind of account: Prometheus or Kubernetes.");
        }
        if (name().isEmpty()) {
            throw new HeadroomException("Enter a name for the account, e.g. \"prod-metrics\".");
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (k == AccountKind.PROMETHEUS) {
            String u = text(url);
            String lower = u.toLowerCase(Locale.ROOT);
            if (u.isEmpty()) {
                throw new HeadroomException("Enter the URL of the Prometheus HTTP API, e.g. http://prometheus:9090.");
            }
            if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
                throw new HeadroomException("The URL \"" + u + "\" must start with http:// or https://, e.g. "
                        + "http://prometheus:9090.");
            }
            out.put(URL, u);
        } else {
            String file = text(kubeconfig);
            if (file.isEmpty()) {
                throw new HeadroomException("Choose the cluster's kubeconfig file; Headroom refers to it where it is "
                        + "and never copies it.");
            }
            out.put(KUBECONFIG, file);
            if (!text(context).isEmpty()) {
                out.put(CONTEXT, text(context));
            }
        }
        String[] lines = (extra.get() == null ? "" : extra.get()).split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new HeadroomException("Line " + (i + 1) + " of the other settings, \"" + line + "\", is not a "
                        + "setting: write KEY=VALUE, e.g. history_days=30.");
            }
            String key = line.substring(0, eq).strip();
            if (out.containsKey(key)) {
                throw new HeadroomException("The setting \"" + key + "\" is given twice (line " + (i + 1) + " of the "
                        + "other settings); keep one.");
            }
            out.put(key, line.substring(eq + 1).strip());
        }
        return out;
    }

    /** Empties the fields after an account was added; the kind stays for the next one. */
    void clear() {
        name.set("");
        url.set("");
        kubeconfig.set("");
        context.set("");
        extra.set("");
    }

    private static String text(StringProperty p) {
        return p.get() == null ? "" : p.get().trim();
    }
}
