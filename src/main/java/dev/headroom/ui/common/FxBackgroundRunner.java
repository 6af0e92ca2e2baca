package dev.headroom.ui.common;

import dev.headroom.domain.ProgressListener;
import javafx.application.Platform;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The console's runner: work on a pool of daemon threads (so a stuck engine call never keeps the
 * JVM alive after the window closed), outcomes via {@link Platform#runLater}.
 */
public final class FxBackgroundRunner implements BackgroundRunner, AutoCloseable {
    private final ExecutorService workers;

    public FxBackgroundRunner() {
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "headroom-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public <T> void run(Work<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        run(progress -> work.call(), ProgressListener.NONE, onSuccess, onFailure);
    }

    @Override
    public <T> void run(ReportingWork<T> work, ProgressListener onProgress, Consumer<? super T> onSuccess,
                        Consumer<? super Throwable> onFailure) {
        // A generator may report thousands of times a second; only the newest report is worth a
        // pulse, so at most one hand-over is queued at a time.
        AtomicReference<Runnable> pendingProgress = new AtomicReference<>();
        ProgressListener relay = (fraction, message) -> {
            Runnable report = () -> onProgress.progress(fraction, message);
            if (pendingProgress.getAndSet(report) == null) {
                Platform.runLater(() -> pendingProgress.getAndSet(null).run());
            }
        };
        try {
            workers.execute(() -> {
                T result;
                try {
                    result = work.call(relay);
                } catch (Throwable problem) {
                    Platform.runLater(() -> onFailure.accept(problem));
                    return;
                }
                Platform.runLater(() -> onSuccess.accept(result));
            });
        } catch (RejectedExecutionException closed) {
            // the window closed: work a timer or a late click asks for now has nobody to show its outcome to
        }
    }

    /** Stops taking work and waits briefly for running work, so the store is not closed under it. */
    @Override
    public void close() {
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
