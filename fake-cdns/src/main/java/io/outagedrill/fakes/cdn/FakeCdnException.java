package io.outagedrill.fakes.cdn;

/** A fake CDN could not start or change (bind failure, TLS reload failure). */
public class FakeCdnException extends RuntimeException {
    public FakeCdnException(String message, Throwable cause) {
        super(message, cause);
    }
}
