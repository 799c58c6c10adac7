package io.outagedrill.fakes.objectstore;

/** Where S3Proxy keeps objects (jclouds providers). */
public enum BlobStore {
    /** Files under a temp directory: any size, little heap in the S3Proxy process. The default. */
    FILESYSTEM("filesystem-nio2"),
    /** The S3Proxy process's heap: quick for small objects, bounded by its {@code -Xmx}. */
    TRANSIENT("transient-nio2");

    private final String provider;

    BlobStore(String provider) {
        this.provider = provider;
    }

    /** The {@code jclouds.provider} value. */
    public String provider() {
        return provider;
    }
}
