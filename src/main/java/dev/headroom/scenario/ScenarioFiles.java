package dev.headroom.scenario;

import java.util.List;

/** File and column names of a scenario directory, shared by reader and writer. */
final class ScenarioFiles {
    static final String HOSTS = "hosts.csv";
    static final String METRICS = "metrics.csv";
    static final String METRICS_GZ = "metrics.csv.gz";
    static final String DEPENDENCIES = "dependencies.json";
    static final String POLICY = "policy.json";
    static final String RELEASES = "releases.json";
    static final String UPDATE_HISTORY = "update_history.csv";
    static final String EVENTS = "events.csv";
    static final String INSTANCE_TYPES = "instance_types.csv";

    /** Every file a scenario directory may hold; anything else there is not ours. */
    static final List<String> ALL = List.of(HOSTS, METRICS, METRICS_GZ, DEPENDENCIES, POLICY, RELEASES,
            UPDATE_HISTORY, EVENTS, INSTANCE_TYPES);

    static final List<String> HOST_COLUMNS = List.of("host_id", "service", "region", "zone", "instance_type",
            "cpu_cores", "memory_gib", "hourly_cost_usd", "version", "criticality");
    /** Our extension: capacity that the shared format leaves out, and the host's role. */
    static final List<String> HOST_EXTRA_COLUMNS = List.of("network_gbps", "disk_mbps", "role");
    static final List<String> INSTANCE_TYPE_COLUMNS = List.of("instance_type", "region", "cpu_cores", "memory_gib",
            "network_gbps", "disk_mbps", "on_demand_hourly_usd", "spot_hourly_usd");
    static final List<String> METRIC_COLUMNS = List.of(LongMetricsCsv.SERIES_ID, LongMetricsCsv.TIMESTAMP,
            LongMetricsCsv.VALUE);
    static final List<String> HISTORY_COLUMNS = List.of("host_id", "service", "from_version", "to_version",
            "started", "finished", "peak_cpu", "outcome");
    static final List<String> EVENT_COLUMNS = List.of("name", "start", "end", "scope", "load_factor");

    private ScenarioFiles() {
    }
}
