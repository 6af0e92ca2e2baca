package dev.headroom.ui.shell;

import java.util.List;

/**
 * The sections of the console, in navigation order. The texts of sections that are not built
 * yet describe what they will hold, in the words of the design.
 */
public enum Section {
    FLEET("Fleet", "_Fleet", true,
            "Every host of the account with its current CPU and memory load, and the account's totals."),
    FORECASTS("Forecasts", "F_orecasts", true,
            "Load forecasts for the coming hours with 80 % and 95 % prediction intervals (or other levels "
                    + "chosen on the page), the model behind "
                    + "each and its backtest error, and every host's load score for a window. Choose a host in "
                    + "the table, or a service or the whole fleet, to chart it."),
    DEPENDENCIES("Dependencies", "_Dependencies", true,
            "Who calls whom, callers above the services they call, coloured by criticality or predicted load; "
                    + "line width grows with calls per second, dashed lines were added by an operator. Click a "
                    + "service to see what it depends on and what depends on it, with the evidence behind every edge."),
    PLAN("Plan", "_Plan", true,
            "Batches that keep every service's forecast load under its capacity in service plus surge, minus the "
                    + "safety margin. Move a control to plan again at once; click a batch for its hosts and surge."),
    ROLLOUTS("Rollouts", "_Rollouts", true,
            "Approved plans being executed: hosts by state, surge held and its cost, alerts, and predicted "
                    + "against actual load."),
    ACCOUNTS("Accounts", "_Accounts", true,
            "Where Headroom reads fleets from: Prometheus servers for load history, Kubernetes clusters for "
                    + "nodes and workloads, the sandbox and imported scenario directories. Select an account for its "
                    + "status; test its connection, sync it, or edit its settings such as the label mapping."),
    AUDIT("Audit", "A_udit", true,
            "Every approval, launch, step, reservation, trigger, alert, scenario change and operator action, "
                    + "newest first. Each record is chained to the one before it by its hash, so Verify chain "
                    + "finds any record changed, moved or deleted since; note the head it shows and give it as "
                    + "the checkpoint later to show that none were removed from the end. Exports hold the "
                    + "records shown, with their hashes.");

    private final String title;
    private final String mnemonicTitle;
    private final boolean built;
    private final List<String> paragraphs;

    Section(String title, String mnemonicTitle, boolean built, String... paragraphs) {
        this.title = title;
        this.mnemonicTitle = mnemonicTitle;
        this.built = built;
        this.paragraphs = List.of(paragraphs);
    }

    public String title() {
        return title;
    }

    /** The title with "_" before its mnemonic letter, for menu items. */
    public String mnemonicTitle() {
        return mnemonicTitle;
    }

    /** False for sections that only describe what a later version will show. */
    public boolean built() {
        return built;
    }

    public List<String> paragraphs() {
        return paragraphs;
    }

    /** The digit of its Ctrl+digit shortcut: 1 for the first section. */
    public int shortcutDigit() {
        return ordinal() + 1;
    }
}
