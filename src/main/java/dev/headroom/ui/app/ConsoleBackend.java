package dev.headroom.ui.app;

import dev.headroom.domain.HeadroomException;
import dev.headroom.fleet.FleetService;

/**
 * The opened engine as the console uses it. The console closes it when its window closes, after
 * background work has stopped.
 */
public interface ConsoleBackend extends AutoCloseable {

    FleetService fleet();

    /** The account shown first; when no account has this name, the first account is shown. */
    String defaultAccount();

    /** Releases what opening acquired (database connections, provider clients). */
    @Override
    default void close() {
    }

    /** A backend over {@code fleet} that closes {@code resources} (e.g. the store) when the console closes. */
    static ConsoleBackend of(FleetService fleet, String defaultAccount, AutoCloseable resources) {
        return new ConsoleBackend() {
            @Override
            public FleetService fleet() {
                return fleet;
            }

            @Override
            public String defaultAccount() {
                return defaultAccount;
            }

            @Override
            public void close() {
                try {
                    resources.close();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new HeadroomException("Headroom could not close its data cleanly: " + e.getMessage()
                            + ". If the next start reports a locked database, close any other Headroom window and start again.", e);
                }
            }
        };
    }
}
