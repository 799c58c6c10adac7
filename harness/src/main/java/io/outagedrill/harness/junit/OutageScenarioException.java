package io.outagedrill.harness.junit;

import org.junit.platform.commons.JUnitException;

/** A scenario an {@link OutageScenario} names could not be found or could not be run, so there is no result. */
public final class OutageScenarioException extends JUnitException {
    private static final long serialVersionUID = 1L;

    OutageScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
