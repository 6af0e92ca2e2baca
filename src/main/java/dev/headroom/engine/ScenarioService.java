package dev.headroom.engine;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Check;
import dev.headroom.domain.DomainException;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.MetricSeries;
import dev.headroom.fleet.FleetStore;
import dev.headroom.providers.files.FilesProvider;
import dev.headroom.scenario.ScenarioImport;
import dev.headroom.scenario.ScenarioReader;
import dev.headroom.scenario.ScenarioWriter;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Imports scenario directories as "files" accounts and exports any account as one. */
public final class ScenarioService {
    private final FleetStore store;
    private final Clock clock;

    public ScenarioService(FleetStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What an import stored, and the notes (gaps, ignored columns) the operator should see. */
    public record ImportResult(Account account, int hosts, int series, List<String> notes) {
    }

    /**
     * Reads {@code dir} completely, then stores it as account {@code name} (default: the
     * directory's name) in one transaction; a bad file stores nothing.
     *
     * @param replace allow replacing an existing files account of that name
     * @throws HeadroomException naming file, line and field of bad input, or a name conflict
     */
    public ImportResult importDirectory(Path dir, Optional<String> name, boolean replace) {
        Path source = dir.toAbsolutePath().normalize();
        String accountName = name.orElseGet(() -> accountNameFor(source));
        try {
            Check.id("account", accountName);
        } catch (DomainException e) {
            throw new HeadroomException("\"" + accountName + "\" cannot be an account name: " + e.rule()
                    + ". Choose one with --name.");
        }
        Optional<Account> existing = store.account(accountName);
        if (existing.isPresent()) {
            if (existing.get().kind() != AccountKind.FILES) {
                throw new HeadroomException("Account \"" + accountName + "\" is a " + existing.get().kind().label()
                        + " account and cannot be replaced by an import. Choose another name with --name.");
            }
            if (!replace) {
                throw new HeadroomException("Account \"" + accountName + "\" already exists. Add --replace to "
                        + "replace it with the directory's content, or choose another name with --name.");
            }
        }
        Instant now = clock.instant();
        Account provisional = new Account(accountName, AccountKind.FILES, now, Map.of("source", source.toString()));
        ScenarioImport read = ScenarioReader.readWithReport(source, provisional);
        Instant dataUntil = read.snapshot().metrics().stream().map(MetricSeries::end).max(Instant::compareTo)
                .orElse(now);
        Account account = new Account(accountName, AccountKind.FILES, now,
                Map.of("source", source.toString(), FilesProvider.DATA_UNTIL, dataUntil.toString()));
        AccountSnapshot snapshot = read.snapshot().withAccount(account);
        store.replace(snapshot);
        return new ImportResult(account, snapshot.hosts().size(), snapshot.metrics().size(), read.notes());
    }

    /**
     * Writes account {@code name} as a scenario directory.
     *
     * @param gzipMetrics write {@code metrics.csv.gz} instead of {@code metrics.csv}
     */
    public AccountSnapshot exportAccount(String name, Path dir, boolean gzipMetrics) {
        AccountSnapshot snapshot = store.load(name, true).orElseThrow(() -> new HeadroomException(
                "There is no account named \"" + name + "\". Run \"headroom accounts\" to list the accounts."));
        ScenarioWriter.write(snapshot, dir, gzipMetrics);
        return snapshot;
    }

    static String accountNameFor(Path dir) {
        Path file = dir.getFileName();
        String base = file == null ? "scenario" : file.toString();
        String cleaned = base.replaceAll("[^A-Za-z0-9._:@-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        return cleaned.isEmpty() ? "scenario" : cleaned.length() > 128 ? cleaned.substring(0, 128) : cleaned;
    }
}
