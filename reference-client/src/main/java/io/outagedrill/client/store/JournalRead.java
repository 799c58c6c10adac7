package io.outagedrill.client.store;

/**
 * What reading the resume journal found. A journal is a file on the user's disk: it can be torn by a crash of an
 * older client, edited, truncated or written by another version, so "damaged" is an answer, not an exception.
 */
public sealed interface JournalRead {

    /** No journal: nothing on disk to resume from. */
    record Missing() implements JournalRead {
    }

    /**
     * A journal that cannot be trusted; the download starts over.
     *
     * @param reason what is wrong with it, in words for the user (file text shown printable and cut short)
     */
    record Refused(String reason) implements JournalRead {
    }

    /** A well-formed journal. Its claims are still only claims: chunks are re-hashed before they are kept. */
    record Found(JournalState state) implements JournalRead {
    }
}
