package dev.headroom.cli;

import dev.headroom.engine.AccountService;
import dev.headroom.engine.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code headroom sync NAME}: reads a connected account's inventory and metric history into the store. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Read a connected account's inventory (hosts, services, dependencies) and its CPU and memory "
                + "history (settings history_range, default 14d, and history_step, default 5m) into the store, replacing what was stored "
                + "for it in one transaction; its releases, events, policy and the update history of hosts it still "
                + "has are kept. On failure nothing stored changes, and \"headroom accounts\" shows the error."})
final class SyncCommand implements Callable<Integer> {
    @ParentCommand
    HeadroomCli parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The account.")
    String name;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Engine engine = parent.openEngine(err)) {
            int[] shown = {-1};
            AccountService.SyncResult result = engine.accounts().sync(name, (fraction, message) -> {
                int pct = (int) Math.round(Math.max(0, fraction) * 100);
                // one line per 10 %, so a long history does not flood a terminal or a log
                if (pct / 10 != shown[0] / 10 || pct == 100 && shown[0] != 100) {
                    shown[0] = pct;
                    err.printf(Locale.ROOT, "%3d%% %s%n", pct, message);
                    err.flush();
                }
            });
            out.printf(Locale.ROOT, "Synced %s in %.1f s: %d hosts, %d services, %d dependencies, %d series, %d "
                            + "samples.%n", name, result.took().toMillis() / 1000.0, result.hosts(), result.services(),
                    result.dependencies(), result.series(), result.samples());
            for (String note : result.notes()) {
                out.println("  note: " + note);
            }
            return HeadroomCli.OK;
        }
    }
}
