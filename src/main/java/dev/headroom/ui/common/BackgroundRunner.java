package dev.headroom.ui.common;

import dev.headroom.domain.ProgressListener;

import java.util.function.Consumer;

/**
 * Runs slow engine calls away from the UI thread and hands their outcome back on it. View models
 * depend on this interface only, so their tests run with {@code SameThreadRunner} and no toolkit.
 */
public interface BackgroundRunner {

    /** A piece of slow work; it may throw, the failure goes to {@code onFailure}. */
    @FunctionalInterface
    interface Work<T> {
        T call() throws Exception;
    }

    /** Slow work that reports how far it got (e.g. generating the sandbox fleet). */
    @FunctionalInterface
    interface ReportingWork<T> {
        T call(ProgressListener progress) throws Exception;
    }

    /** Runs {@code work} in the background; exactly one of the callbacks runs, on the UI thread. */
    <T> void run(Work<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure);

    /**
     * Like {@link #run(Work, Consumer, Consumer)}; progress reports reach {@code onProgress} on the
     * UI thread, possibly thinned out, and always before {@code onSuccess} or {@code onFailure}.
     */
    <T> void run(ReportingWork<T> work, ProgressListener onProgress, Consumer<? super T> onSuccess,
                 Consumer<? super Throwable> onFailure);
}
