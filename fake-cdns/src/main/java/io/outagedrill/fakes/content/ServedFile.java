package io.outagedrill.fakes.content;

/**
 * A file a topology serves from every provider and signs a manifest for: bytes generated on demand from a seed
 * ({@link GeneratedFile}), or a publisher's own file on disk ({@link FileOnDisk}). Both are served the same way
 * (ranges, ETag, If-Range) by positional reads, so neither is ever held in memory whole.
 */
public sealed interface ServedFile extends HostedContent permits GeneratedFile, FileOnDisk {
}
