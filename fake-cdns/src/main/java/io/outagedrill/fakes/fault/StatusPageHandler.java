package io.outagedrill.fakes.fault;

import io.outagedrill.fakes.status.Impact;
import io.outagedrill.fakes.status.StatusPage;

import java.io.IOException;
import java.time.Duration;

/**
 * An incident (or all clear) on each target provider's status page, answered as late as the fault says; clearing
 * resolves every incident and makes the page answer at once again.
 */
final class StatusPageHandler implements FaultHandler<StatusPageFault> {
    private final Slots slots;

    StatusPageHandler(Slots slots) {
        this.slots = slots;
    }

    @Override
    public Undo apply(StatusPageFault fault, FaultContext context) throws IOException, InterruptedException {
        String incident = fault.incident() == null ? fault.id() : fault.incident();
        return Undo.each(context.providers(fault.target()), provider -> {
            StatusPage page = context.world().status(provider.name());
            return slots.take("status:" + provider.name(), () -> {
                // Slow first, so that no request in between gets the new word at once; on undo the word first.
                page.answerAfter(fault.delay());
                if (fault.impact() == Impact.NONE) {
                    page.operational();
                } else {
                    page.incident(incident, fault.impact());
                }
            }, () -> {
                page.resolve();
                page.answerAfter(Duration.ZERO);
            });
        });
    }
}
