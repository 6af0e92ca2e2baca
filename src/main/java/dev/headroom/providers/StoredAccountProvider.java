package dev.headroom.providers;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.SeriesId;
import dev.headroom.fleet.FleetStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reading side of the provider contract for accounts whose world is the store itself (the
 * sandbox emits into it, a scenario directory was imported into it): inventory, history and live
 * load are what the store holds at the account's clock.
 */
public abstract class StoredAccountProvider implements Provider {
    protected final Account account;
    protected final FleetStore store;

    protected StoredAccountProvider(Account account, FleetStore store) {
        this.account = account;
        this.store = store;
    }

    /** What the account is, for the connection check ("Sandbox (simulated cloud, …)"). */
    protected abstract String what();

    @Override
    public final Account account() {
        return account;
    }

    @Override
    public final Map<String, Double> currentLoad(Metric metric) {
        return store.latest(account.name(), metric, clock().instant());
    }

    @Override
    public final String check() {
        Inventory inventory = inventory(ProgressListener.NONE);
        return what() + ": " + inventory.hosts().size() + " hosts, " + inventory.services().size() + " services";
    }

    @Override
    public final Inventory inventory(ProgressListener progress) {
        AccountSnapshot s = store.load(account.name(), false).orElseThrow(() -> new HeadroomException("Account \""
                + account.name() + "\" has nothing stored; import or generate it again."));
        return new Inventory(s.instanceTypes(), s.hosts(), s.services(), s.dependencies(), List.of());
    }

    @Override
    public final List<MetricSeries> history(Collection<String> hosts, Metric metric, Instant from, Instant to,
                                            Duration step, ProgressListener progress) {
        List<MetricSeries> out = new ArrayList<>();
        int done = 0;
        for (String host : hosts) {
            Optional<MetricSeries> stored = store.series(account.name(), new SeriesId(host, metric), from, to);
            stored.map(m -> resample(m, from, to, step)).ifPresent(out::add);
            progress.progress(++done / (double) hosts.size(), "read " + metric.label() + " of " + host);
        }
        return out;
    }

    /**
     * {@code series} on the grid {@code from + k·step} over {@code [from, to)}: each point the mean
     * of the stored samples in its step (NaN samples left out), NaN where there are none.
     */
    public static MetricSeries resample(MetricSeries series, Instant from, Instant to, Duration step) {
        int n = (int) Math.max(0, (Duration.between(from, to).toSeconds() + step.toSeconds() - 1) / step.toSeconds());
        double[] sum = new double[n];
        int[] count = new int[n];
        for (int i = 0; i < series.size(); i++) {
            double v = series.value(i);
            long offset = Duration.between(from, series.time(i)).toSeconds();
            if (Double.isNaN(v) || offset < 0) {
                continue;
            }
            int k = (int) (offset / step.toSeconds());
            if (k < n) {
                sum[k] += v;
                count[k]++;
            }
        }
        double[] values = new double[n];
        for (int k = 0; k < n; k++) {
            values[k] = count[k] == 0 ? Double.NaN : sum[k] / count[k];
        }
        return new MetricSeries(series.id(), from, step, values);
    }
}
