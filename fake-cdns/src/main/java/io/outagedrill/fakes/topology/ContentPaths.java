package io.outagedrill.fakes.topology;

/** Where a topology's files and manifests live on its servers: one rule for the servers, the manifests and clients. */
final class ContentPaths {
    /** Object stores serve path-style URLs ({@code /BUCKET/KEY}), as S3 and B2 do. */
    static final String BUCKET = "outage-drill";

    private ContentPaths() {
    }

    /** {@code /FILE} on CDNs and origins, {@code /BUCKET/FILE} on object stores. */
    static String filePath(ProviderKind kind, String file) {
        return kind == ProviderKind.OBJECT_STORE ? "/" + BUCKET + "/" + file : "/" + file;
    }

    /** The signed manifest of {@code file} on every replica. */
    static String manifestPath(String file) {
        return "/manifests/" + file + ".jws";
    }
}
