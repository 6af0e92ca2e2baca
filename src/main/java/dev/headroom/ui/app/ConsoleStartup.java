package dev.headroom.ui.app;

import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.ProgressListener;

/**
 * How the console opens the engine: open the store, migrate it, generate the sandbox fleet on
 * first start. Called on a background thread while the window already shows progress.
 */
@FunctionalInterface
public interface ConsoleStartup {

    /**
     * @param progress receives reports such as (0.4, "Generating the sandbox fleet…"); they appear
     *                 in the window's status line
     * @throws HeadroomException when opening fails; its operator message is shown in the window's
     *                           error banner with a Retry button, which calls this method again
     */
    ConsoleBackend open(ProgressListener progress) throws Exception;
}
