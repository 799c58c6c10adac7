package io.outagedrill.harness.run;

import io.outagedrill.harness.sut.Observation;

/** Live view of a run, for the CLI's progress display. Called from many threads; keep it quick. */
public interface RunListener {
    RunListener NONE = new RunListener() { };

    default void step(String what) {
    }

    /** A fault was applied ({@code on}) or cleared. */
    default void fault(String id, boolean on) {
    }

    default void clientStarted(String id) {
    }

    default void observed(String clientId, Observation observation) {
    }

    default void clientFinished(DownloadRecord record) {
    }

    /** A client that started but gave no record: its adapter or the download's set-up threw. */
    default void clientCouldNotRun(String id, Throwable why) {
    }
}
