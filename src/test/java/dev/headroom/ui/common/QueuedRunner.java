package dev.headroom.ui.common;

import dev.headroom.domain.ProgressListener;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/** Holds work until the test finishes it, in any order, to check what happens in between. */
public final class QueuedRunner implements BackgroundRunner {
    private final Deque<Runnable> pending = new ArrayDeque<>();

    @Override
    public <T> void run(Work<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        run(progress -> work.call(), ProgressListener.NONE, onSuccess, onFailure);
    }

    @Override
    public <T> void run(ReportingWork<T> work, ProgressListener onProgress, Consumer<? super T> onSuccess,
                        Consumer<? super Throwable> onFailure) {
        pending.add(() -> new SameThreadRunner().run(work, onProgress, onSuccess, onFailure));
    }

    public void finishOldest() {
        pending.removeFirst().run();
    }

    public void finishNewest() {
        pending.removeLast().run();
    }

    /** Work waiting to be finished. */
    public int pending() {
        return pending.size();
    }
}
