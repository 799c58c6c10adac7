package io.outagedrill.fakes.network;

/**
 * The fault proxy refused an operation, or could not be reached. The message names the provider (and the toxic,
 * when there is one) and carries the proxy's own words, so a bad scenario line can be found from it.
 */
public final class NetworkFaultException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The HTTP status of the proxy's refusal (Toxiproxy's: 400 bad toxic, 404 unknown, 409 exists), or 0. */
    private final int status;

    public NetworkFaultException(int status, String message) {
        super(message);
        this.status = status;
    }

    public NetworkFaultException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** 0 when the proxy did not answer at all. */
    public int status() {
        return status;
    }
}
