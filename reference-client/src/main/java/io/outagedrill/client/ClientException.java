package io.outagedrill.client;

/**
 * Root of the reference client's exceptions. Messages say what was expected and what was seen, in words a
 * user can act on; subclasses carry a machine-readable reason for the CLI's exit code and the harness.
 */
public class ClientException extends RuntimeException {
    public ClientException(String message) {
        super(message);
    }

    public ClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
