package io.outagedrill.fakes.topology;

/**
 * A fault asked of a provider that cannot take it, such as an HTTP fault on an S3Proxy-backed object store
 * (whose server is another process, not one of ours). Thrown rather than ignored: a fault that silently does
 * nothing would make a drill pass for the wrong reason. The admin API answers it with 409.
 */
public final class FaultNotApplicableException extends IllegalStateException {
    public FaultNotApplicableException(String message) {
        super(message);
    }
}
