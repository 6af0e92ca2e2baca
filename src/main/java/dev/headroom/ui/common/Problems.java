package dev.headroom.ui.common;

import dev.headroom.domain.DomainException;
import dev.headroom.domain.HeadroomException;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place where failures of background work are logged and turned into the operator text
 * shown in the window's error banner. The newest problem replaces the previous one.
 */
public final class Problems {
    private static final System.Logger LOG = System.getLogger(Problems.class.getName());

    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<Runnable> retry = new ReadOnlyObjectWrapper<>(this, "retry");

    /** The operator text of the current problem; empty when there is none. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** What "Retry" does for the current problem; {@code null} when retrying makes no sense. */
    public ReadOnlyObjectProperty<Runnable> retryProperty() {
        return retry.getReadOnlyProperty();
    }

    /** Logs {@code problem} and shows its operator text; {@code retryAction} may be {@code null}. */
    public void report(Throwable problem, Runnable retryAction) {
        Throwable cause = unwrap(problem);
        if (cause instanceof HeadroomException || cause instanceof DomainException) {
            // the operator sees this one in the banner; the log keeps the technical text, without a trace
            LOG.log(System.Logger.Level.INFO, "{0}", cause.getMessage());
        } else {
            LOG.log(System.Logger.Level.ERROR, "Unexpected failure in background work", cause);
        }
        message.set(operatorMessage(cause));
        retry.set(retryAction);
    }

    public void clear() {
        message.set("");
        retry.set(null);
    }

    public void retry() {
        Runnable action = retry.get();
        clear();
        Optional.ofNullable(action).ifPresent(Runnable::run);
    }

    /** The text an operator can act on; never a stack trace or an exception class dump. */
    public static String operatorMessage(Throwable problem) {
        Throwable cause = unwrap(problem);
        if (cause instanceof HeadroomException h) {
            return h.operatorMessage();
        }
        if (cause instanceof DomainException d) {
            return "Stored data breaks a rule (" + d.getMessage() + "). Re-import or regenerate the account, then try again.";
        }
        return "Something unexpected went wrong (" + cause.getClass().getSimpleName()
                + "). The details are in the log; try again, and report it if it happens again.";
    }

    private static Throwable unwrap(Throwable problem) {
        Throwable t = problem;
        while ((t instanceof ExecutionException || t instanceof CompletionException
                || t instanceof InvocationTargetException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
