package io.outagedrill.client.job;

import io.outagedrill.client.ClientException;
import io.outagedrill.client.manifest.ManifestRejectedException;
import io.outagedrill.client.transfer.DownloadFailedException;
import io.outagedrill.client.transfer.DownloadResult;
import java.util.Optional;

/** How a {@link ManifestDownload} ended, with the exit code the CLI and the harness report for it. */
public sealed interface JobOutcome {

    /** One of {@link ExitCodes}. */
    int exitCode();

    /** The verified file, or the failure as an exception, for callers that only go on when it worked. */
    default DownloadResult orThrow() {
        return switch (this) {
            case Downloaded d -> d.result();
            case Rejected r -> throw r.error();
            case Failed f -> throw f.error();
        };
    }

    /** Why it failed; empty when the file is there. */
    default Optional<ClientException> failure() {
        return switch (this) {
            case Downloaded d -> Optional.empty();
            case Rejected r -> Optional.of(r.error());
            case Failed f -> Optional.of(f.error());
        };
    }

    /** The file is in place and its SHA-256 matched the signed one. */
    record Downloaded(DownloadResult result) implements JobOutcome {
        @Override
        public int exitCode() {
            return ExitCodes.OK;
        }
    }

    /** No manifest passed verification; nothing was downloaded. */
    record Rejected(ManifestRejectedException error) implements JobOutcome {
        @Override
        public int exitCode() {
            return ExitCodes.MANIFEST_REJECTED;
        }
    }

    /** A manifest was accepted but the file could not be delivered verified. */
    record Failed(DownloadFailedException error) implements JobOutcome {
        @Override
        public int exitCode() {
            return ExitCodes.of(error.reason());
        }
    }
}
