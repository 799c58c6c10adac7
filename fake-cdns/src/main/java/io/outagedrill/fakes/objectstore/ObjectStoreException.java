package io.outagedrill.fakes.objectstore;

/** The object store could not be found, started, or asked to do something. */
public class ObjectStoreException extends RuntimeException {
    public ObjectStoreException(String message) {
        super(message);
    }

    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
