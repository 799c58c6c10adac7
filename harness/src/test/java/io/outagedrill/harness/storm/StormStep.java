package io.outagedrill.harness.storm;

import io.outagedrill.fakes.fault.Fault;

/** One move of a fault storm: when it happens and what it does to the world. */
record StormStep(Trigger when, Action what) {

    /** When a step fires: a time after the download started, or once the client has verified so many bytes. */
    sealed interface Trigger {
        record AtMillis(long millis) implements Trigger {
        }

        record AtVerifiedBytes(long bytes) implements Trigger {
        }
    }

    /** What a step does: apply a fault, or clear one by its id. */
    sealed interface Action {
        record Apply(Fault fault) implements Action {
        }

        record Clear(String id) implements Action {
        }
    }

    String describe() {
        String at = switch (when) {
            case Trigger.AtMillis t -> "at " + t.millis() + " ms";
            case Trigger.AtVerifiedBytes b -> "at " + b.bytes() + " verified bytes";
        };
        String does = switch (what) {
            case Action.Apply a -> "apply " + a.fault();
            case Action.Clear c -> "clear " + c.id();
        };
        return at + ": " + does;
    }
}
