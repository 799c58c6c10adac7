package io.outagedrill.fakes.topology;

/**
 * A request the admin API refuses, answered as {@code {"error": message, "status": status}}. Messages start with
 * the field or the thing they are about ({@code rule.code: ...}, {@code no provider x; ...}), so a person
 * typing curl commands sees what to fix.
 */
final class AdminError extends RuntimeException {
    private final int status;

    AdminError(int status, String message) {
        super(message);
        this.status = status;
    }

    static AdminError badRequest(String message) {
        return new AdminError(400, message);
    }

    static AdminError notFound(String message) {
        return new AdminError(404, message);
    }

    int status() {
        return status;
    }
}
