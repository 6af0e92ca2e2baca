package dev.headroom.ui.common;

/**
 * Style-class names used by the views and defined in {@code console.css}, and node ids that
 * tests and screenshots look up. Colours are not here: they are looked-up variables in the
 * theme stylesheets.
 */
public final class Styles {
    public static final String NAV = "nav";
    public static final String NAV_TITLE = "nav-title";
    public static final String NAV_SHORTCUT = "nav-shortcut";
    public static final String CONTENT = "content";
    public static final String PAGE = "page";
    public static final String PAGE_HEADING = "page-heading";
    public static final String PAGE_TITLE = "page-title";
    public static final String PAGE_TEXT = "page-text";
    public static final String COMING_LATER = "coming-later";
    public static final String ERROR_BANNER = "error-banner";
    public static final String ERROR_TEXT = "error-text";
    public static final String STATUS_BAR = "status-bar";
    public static final String STATUS_ACCOUNT = "status-account";
    public static final String STARTUP = "startup";
    public static final String STARTUP_TITLE = "startup-title";
    public static final String SUMMARY = "summary";
    public static final String TILE = "tile";
    public static final String TILE_VALUE = "tile-value";
    public static final String TILE_LABEL = "tile-label";
    public static final String TOOLBAR = "toolbar-row";
    public static final String MUTED = "muted";
    public static final String LOAD_CELL = "load-cell";
    public static final String LOAD_BAR = "load-bar";
    public static final String LOAD_TRACK = "load-track";
    /** On a load cell or tile at or above {@link #HIGH_LOAD_PERCENT}. */
    public static final String LOAD_HIGH = "load-high";
    /** On a load cell or tile at or above {@link #CRITICAL_LOAD_PERCENT}. */
    public static final String LOAD_CRITICAL = "load-critical";
    public static final String NUMERIC = "numeric";
    /** The frame around the forecast chart. */
    public static final String CHART_FRAME = "chart-frame";
    /**
     * An invisible label whose text fill is one theme colour of the forecast chart; the second
     * class, {@code chart-swatch-<name>}, says which.
     */
    public static final String CHART_SWATCH = "chart-swatch";
    /** The Host / Service / Fleet buttons of the Forecasts page. */
    public static final String SUBJECT_KINDS = "subject-kinds";
    /** Why a charted series has no forecast. */
    public static final String FORECAST_REASON = "forecast-reason";
    /** Tabs that share part of a page, e.g. load scores and events on the Forecasts page. */
    public static final String PAGE_TABS = "page-tabs";
    /** The form that adds a scheduled event. */
    public static final String EVENT_FORM = "event-form";
    public static final String EVENT_FORM_TITLE = "event-form-title";
    /** Why a form field's value is not accepted, under the field. */
    public static final String FIELD_ERROR = "field-error";
    /** The drawing of the dependency graph and its parts. */
    public static final String DEP_CANVAS = "dep-canvas";
    /** The scroll pane around the drawing: its viewport has the drawing's background. */
    public static final String DEP_SCROLL = "dep-scroll";
    /** A service box; a second class {@code dep-node-<criticality>} (or {@code -unknown}) colours it. */
    public static final String DEP_NODE = "dep-node";
    public static final String DEP_EDGE = "dep-edge";
    /** An edge an operator added or reweighted (also drawn dashed). */
    public static final String DEP_EDGE_OPERATOR = "dep-edge-operator";
    /** An edge on a path through the selected service. */
    public static final String DEP_EDGE_ACTIVE = "dep-edge-active";
    public static final String DEP_ARROW = "dep-arrow";
    /** A node or edge not connected to the selected service. */
    public static final String DEP_DIM = "dep-dim";
    public static final String DEP_SELECTED = "dep-selected";
    /** What the selected service depends on. */
    public static final String DEP_CALLEE = "dep-callee";
    /** What depends on the selected service. */
    public static final String DEP_CALLER = "dep-caller";
    /** The Plan page: policy controls on the left, their labels, values and the group titles. */
    public static final String PLAN_POLICY = "plan-policy";
    public static final String PLAN_CONTROL_LABEL = "plan-control-label";
    public static final String PLAN_CONTROL_VALUE = "plan-control-value";
    public static final String PLAN_GROUP_TITLE = "plan-group-title";
    /** The batch time line and its parts. */
    public static final String PLAN_GANTT = "plan-gantt";
    public static final String PLAN_GANTT_LABEL = "plan-gantt-label";
    public static final String PLAN_GANTT_TICK = "plan-gantt-tick";
    public static final String PLAN_GANTT_GRID = "plan-gantt-grid";
    public static final String PLAN_GANTT_WINDOW_END = "plan-gantt-window-end";
    /** A batch's bar: its hosts are out of service for its span. */
    public static final String PLAN_BATCH = "plan-batch";
    public static final String PLAN_BATCH_SELECTED = "plan-batch-selected";
    /** A surge reservation's bar under its batch; a second class says spot or on-demand. */
    public static final String PLAN_RESERVATION = "plan-reservation";
    public static final String PLAN_RESERVATION_SPOT = "plan-reservation-spot";
    public static final String PLAN_RESERVATION_ON_DEMAND = "plan-reservation-on-demand";
    /** The selected batch's details beside the time line. */
    public static final String PLAN_DETAILS = "plan-details";
    public static final String PLAN_DETAILS_TITLE = "plan-details-title";
    /** A plan note that says the policy cannot fit every host. */
    public static final String PLAN_NOTE_WARNING = "plan-note-warning";
    /** A row of a host the plan leaves out. */
    public static final String PLAN_UNPLANNED = "plan-unplanned";
    /**
     * Prefix of the classes that colour a service box by its predicted load,
     * {@code dep-load-<band>}, used instead of {@code dep-node-<criticality>}.
     */
    public static final String DEP_LOAD = "dep-load";
    /** On the drawing of a graph with many edges: edges are drawn fainter. */
    public static final String DEP_DENSE = "dep-dense";
    /** The legend under the drawing: what the colours of the boxes mean. */
    public static final String DEP_LEGEND = "dep-legend";
    /** A small box in the legend, coloured like the service boxes it explains. */
    public static final String DEP_SWATCH = "dep-swatch";
    /** A row of a stored scenario whose plan no longer fits the fleet: figures as stored. */
    public static final String PLAN_SCENARIO_STALE = "plan-scenario-stale";
    /** The Audit page's outcome of a verification: intact, or broken (error style). */
    public static final String AUDIT_VERIFICATION = "audit-verification";
    public static final String AUDIT_INTACT = "audit-intact";
    public static final String AUDIT_BROKEN = "audit-broken";
    /** A shortened hash in the audit table (the full one is in its tooltip). */
    public static final String AUDIT_HASH = "audit-hash";
    /** The Rollouts page and its parts. */
    public static final String ROLLOUTS_PAGE = "rollouts-page";
    /** "Resumed after restart": rollouts the console drives again since it opened. */
    public static final String ROLLOUT_BANNER = "rollout-banner";
    /** Paused or failed rollouts that wait for an operator. */
    public static final String ROLLOUT_WAITING = "rollout-waiting";
    public static final String ROLLOUT_HOLD = "rollout-hold";
    public static final String ROLLOUT_ALERT_TEXT = "rollout-alert-text";
    public static final String ROLLOUT_STATUS = "rollout-status";
    public static final String ROLLOUT_BATCHES = "rollout-batches";
    /** A batch's row; a second class {@code rollout-state-<state>} colours its edge. */
    public static final String ROLLOUT_BATCH = "rollout-batch";
    public static final String ROLLOUT_BATCH_TITLE = "rollout-batch-title";
    /** A host's chip; a second class {@code rollout-state-<state>} colours it (see {@code HostState}). */
    public static final String ROLLOUT_HOST = "rollout-host";
    public static final String ROLLOUT_SELECTED = "rollout-selected";
    public static final String ROLLOUT_LEGEND = "rollout-legend";
    public static final String ROLLOUT_SECTION_TITLE = "rollout-section-title";

    /** Where the default SLO (80 % utilisation) is crossed. */
    public static final double HIGH_LOAD_PERCENT = 80;
    /** Where hardly any headroom is left. */
    public static final double CRITICAL_LOAD_PERCENT = 90;

    public static final String ID_NAV = "nav";
    public static final String ID_PAGE_TITLE = "page-title";
    public static final String ID_ERROR_BANNER = "error-banner";
    public static final String ID_STATUS_ACCOUNT = "status-account";
    public static final String ID_STATUS_MESSAGE = "status-message";
    public static final String ID_RETRY = "retry";
    public static final String ID_STARTUP = "startup";
    public static final String ID_HOSTS_TABLE = "hosts-table";
    public static final String ID_HOST_FILTER = "host-filter";
    public static final String ID_REGION_FILTER = "region-filter";
    public static final String ID_ROW_COUNT = "row-count";
    public static final String ID_ACCOUNTS_TABLE = "accounts-table";
    /** The Accounts page: its empty-state hint, detail pane, buttons and the "Add account…" form. */
    public static final String ID_ACCOUNTS_EMPTY = "accounts-empty";
    public static final String ID_ACCOUNT_ADD = "account-add";
    public static final String ID_ACCOUNT_TITLE = "account-title";
    public static final String ID_ACCOUNT_CHECK = "account-check";
    public static final String ID_ACCOUNT_SYNC_TEXT = "account-sync-text";
    public static final String ID_ACCOUNT_ERROR = "account-error";
    public static final String ID_ACCOUNT_TEST = "account-test";
    public static final String ID_ACCOUNT_SYNC = "account-sync";
    public static final String ID_ACCOUNT_SYNC_PROGRESS = "account-sync-progress";
    public static final String ID_ACCOUNT_REMOVE = "account-remove";
    public static final String ID_ACCOUNT_REMOVE_CONFIRM = "account-remove-confirm";
    public static final String ID_ACCOUNT_SETTINGS = "account-settings";
    public static final String ID_ACCOUNT_SETTING_KEY = "account-setting-key";
    public static final String ID_ACCOUNT_SETTING_VALUE = "account-setting-value";
    public static final String ID_ACCOUNT_SETTING_ADD = "account-setting-add";
    public static final String ID_ACCOUNT_SETTING_REMOVE = "account-setting-remove";
    public static final String ID_ACCOUNT_SAVE = "account-save";
    public static final String ID_ACCOUNT_REVERT = "account-revert";
    public static final String ID_ACCOUNT_SECRET = "account-secret";
    public static final String ID_ACCOUNT_SECRET_REPLACE = "account-secret-replace";
    public static final String ID_ACCOUNT_OUTCOME = "account-outcome";
    public static final String ID_ACCOUNT_DETAIL_ERROR = "account-detail-error";
    public static final String ID_ADD_FORM = "add-account-form";
    public static final String ID_ADD_KIND = "add-account-kind";
    public static final String ID_ADD_NAME = "add-account-name";
    public static final String ID_ADD_URL = "add-account-url";
    public static final String ID_ADD_KUBECONFIG = "add-account-kubeconfig";
    public static final String ID_ADD_CONTEXT = "add-account-context";
    public static final String ID_ADD_SECRET = "add-account-secret";
    public static final String ID_ADD_EXTRA = "add-account-extra";
    public static final String ID_ADD_ERROR = "add-account-error";
    public static final String ID_ADD_SUBMIT = "add-account-submit";
    public static final String ID_ADD_CANCEL = "add-account-cancel";
    public static final String ID_SCORES_TABLE = "scores-table";
    public static final String ID_SCORE_FILTER = "score-filter";
    public static final String ID_FORECAST_CHART = "forecast-chart";
    public static final String ID_FORECAST_SUBJECT = "forecast-subject";
    public static final String ID_FORECAST_MODEL = "forecast-model";
    public static final String ID_FORECAST_REASON = "forecast-reason";
    public static final String ID_FORECAST_TABS = "forecast-tabs";
    public static final String ID_FORECAST_LEVELS = "forecast-levels";
    public static final String ID_EVENTS_TABLE = "events-table";
    public static final String ID_EVENT_NAME = "event-name";
    public static final String ID_EVENT_START_DATE = "event-start-date";
    public static final String ID_EVENT_START_TIME = "event-start-time";
    public static final String ID_EVENT_END_DATE = "event-end-date";
    public static final String ID_EVENT_END_TIME = "event-end-time";
    public static final String ID_EVENT_SCOPE = "event-scope";
    public static final String ID_EVENT_LOAD_FACTOR = "event-load-factor";
    public static final String ID_EVENT_ADD = "event-add";
    public static final String ID_EVENT_REMOVE = "event-remove";
    public static final String ID_EVENT_IMPORT = "event-import";
    public static final String ID_DEPENDENCY_GRAPH = "dependency-graph";
    public static final String ID_DEPENDENCY_SEARCH = "dependency-search";
    public static final String ID_DEPENDENCY_FIT = "dependency-fit";
    public static final String ID_DEPENDENCY_SELECTED = "dependency-selected";
    public static final String ID_DEPENDENCY_EDGES = "dependency-edges";
    public static final String ID_DEPENDENCY_REMOVE = "dependency-remove";
    public static final String ID_DEPENDENCY_ADD_FROM = "dependency-add-from";
    public static final String ID_DEPENDENCY_ADD_TO = "dependency-add-to";
    public static final String ID_DEPENDENCY_ADD_WEIGHT = "dependency-add-weight";
    public static final String ID_DEPENDENCY_EDGE_WEIGHT = "dependency-edge-weight";
    public static final String ID_DEPENDENCY_ADD = "dependency-add";
    public static final String ID_PLAN_SUMMARY = "plan-summary";
    public static final String ID_PLAN_STATUS = "plan-status";
    public static final String ID_PLAN_GANTT = "plan-gantt";
    public static final String ID_PLAN_BATCH_DETAILS = "plan-batch-details";
    public static final String ID_PLAN_BATCH_HOSTS = "plan-batch-hosts";
    public static final String ID_PLAN_TABS = "plan-tabs";
    public static final String ID_PLAN_HEADROOM_CHART = "plan-headroom-chart";
    public static final String ID_PLAN_SERVICE = "plan-service";
    public static final String ID_PLAN_REASONS = "plan-reasons";
    public static final String ID_PLAN_NOTES = "plan-notes";
    public static final String ID_PLAN_COMPARISON = "plan-comparison";
    public static final String ID_PLAN_SCENARIO_NAME = "plan-scenario-name";
    public static final String ID_PLAN_SCENARIO_SAVE = "plan-scenario-save";
    public static final String ID_PLAN_EXPORT_JSON = "plan-export-json";
    public static final String ID_PLAN_EXPORT_CSV = "plan-export-csv";
    public static final String ID_DEPENDENCY_COLOURING = "dependency-colouring";
    public static final String ID_DEPENDENCY_LEGEND = "dependency-legend";
    public static final String ID_AUDIT_TABLE = "audit-table";
    public static final String ID_AUDIT_KIND = "audit-kind";
    public static final String ID_AUDIT_ACCOUNT = "audit-account";
    public static final String ID_AUDIT_ACTOR = "audit-actor";
    public static final String ID_AUDIT_TEXT = "audit-text";
    public static final String ID_AUDIT_FROM = "audit-from";
    public static final String ID_AUDIT_TO = "audit-to";
    public static final String ID_AUDIT_TIME_ERROR = "audit-time-error";
    public static final String ID_AUDIT_COUNT = "audit-count";
    public static final String ID_AUDIT_REFRESH = "audit-refresh";
    public static final String ID_AUDIT_CHECKPOINT = "audit-checkpoint";
    public static final String ID_AUDIT_CHECKPOINT_ERROR = "audit-checkpoint-error";
    public static final String ID_AUDIT_VERIFY = "audit-verify";
    public static final String ID_AUDIT_VERIFICATION = "audit-verification";
    public static final String ID_AUDIT_EXPORT_CSV = "audit-export-csv";
    public static final String ID_AUDIT_EXPORT_JSON = "audit-export-json";
    public static final String ID_ROLLOUT_SPLIT = "rollout-split";
    public static final String ID_ROLLOUT_BANNER = "rollout-banner";
    public static final String ID_ROLLOUT_WAITING = "rollout-waiting";
    public static final String ID_ROLLOUT_LEASE = "rollout-lease";
    public static final String ID_ROLLOUT_HOLD_RESUME = "rollout-hold-resume";
    public static final String ID_ROLLOUT_LAUNCH = "rollout-launch";
    public static final String ID_ROLLOUT_LAUNCH_MESSAGE = "rollout-launch-message";
    public static final String ID_ROLLOUT_LAUNCH_SCENARIO = "rollout-launch-scenario";
    public static final String ID_ROLLOUT_LAUNCH_VERSION = "rollout-launch-version";
    public static final String ID_ROLLOUT_PAUSE = "rollout-pause";
    public static final String ID_ROLLOUT_RESUME = "rollout-resume";
    public static final String ID_ROLLOUT_ABORT = "rollout-abort";
    public static final String ID_ROLLOUT_ROLLBACK = "rollout-rollback";
    public static final String ID_ROLLOUT_SKIP = "rollout-skip";
    public static final String ID_ROLLOUT_CONFIRM = "rollout-confirm";
    public static final String ID_ROLLOUT_DRIVER = "rollout-driver";
    public static final String ID_ROLLOUT_TABLE = "rollout-table";
    public static final String ID_ROLLOUT_STATUS = "rollout-status";
    public static final String ID_ROLLOUT_BATCHES = "rollout-batches";
    public static final String ID_ROLLOUT_SERVICE = "rollout-service";
    public static final String ID_ROLLOUT_CHART = "rollout-chart";
    public static final String ID_ROLLOUT_LOAD_TEXT = "rollout-load-text";
    public static final String ID_ROLLOUT_LOAD_TABS = "rollout-load-tabs";
    public static final String ID_ROLLOUT_SUMMARY = "rollout-summary";
    public static final String ID_ROLLOUT_SUMMARY_TEXT = "rollout-summary-text";
    public static final String ID_ROLLOUT_COST = "rollout-cost";
    public static final String ID_ROLLOUT_RESERVATIONS = "rollout-reservations";
    public static final String ID_ROLLOUT_ALERTS = "rollout-alerts";

    private Styles() {
    }

    /** The id of a Plan page control: {@code plan-safety-margin} for the field {@code safety_margin}. */
    public static String planControlId(String policyField) {
        return "plan-" + policyField.replace('_', '-').replace('.', '-');
    }

    /** The style class for a load value, or {@code null} when it needs no emphasis. */
    public static String loadClass(double percent) {
        if (percent >= CRITICAL_LOAD_PERCENT) {
            return LOAD_CRITICAL;
        }
        return percent >= HIGH_LOAD_PERCENT ? LOAD_HIGH : null;
    }
}
