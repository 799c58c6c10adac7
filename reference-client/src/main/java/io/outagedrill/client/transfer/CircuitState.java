package io.outagedrill.client.transfer;

/**
 * A mirror's circuit breaker: CLOSED takes traffic; OPEN takes none until its backoff ends; HALF_OPEN lets one
 * probe request through, whose success closes the circuit and whose failure opens it again for longer.
 */
public enum CircuitState {
    CLOSED, OPEN, HALF_OPEN
}
