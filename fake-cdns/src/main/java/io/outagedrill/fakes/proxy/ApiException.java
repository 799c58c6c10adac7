package io.outagedrill.fakes.proxy;

/**
 * A control-API failure with the HTTP status and the message Toxiproxy would send; the handler turns it into
 * {@code {"error": message, "status": status}}.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static ApiException badRequestBody(String detail) {
        return new ApiException(400, "bad request body: " + detail);
    }

    static ApiException missingField(String field) {
        return new ApiException(400, "missing required field: " + field);
    }

    static ApiException proxyNotFound() {
        return new ApiException(404, "proxy not found");
    }

    static ApiException toxicNotFound() {
        return new ApiException(404, "toxic not found");
    }
}
