package dev.headroom.ui.common;

import dev.headroom.domain.ProgressListener;

import java.util.function.Consumer;

/** Runs work at once on the calling thread, so view-model tests need no toolkit and no waiting. */
public final class SameThreadRunner implements BackgroundRunner {

    @Override
    public <T> void run(Work<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        run(progress -> work.call(), ProgressListener.NONE, onSuccess, onFailure);
    }

    @Override
    public <T> void run(ReportingWork<T> work, ProgressListener onProgress, Consumer<? super T> onSuccess,
                        Consumer<? super Throwable> onFailure) {
        T result;
        try {
            result = work.call(onProgress);
        } catch (Exception problem) {
            onFailure.accept(problem);
            return;
        }
        onSuccess.accept(result);
    }
}
