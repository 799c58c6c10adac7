/**
 * The reference client's transfer: the file a verified manifest describes, downloaded from its mirrors.
 *
 * <p>What callers use is public: {@link io.outagedrill.client.transfer.Downloader} with
 * {@link io.outagedrill.client.transfer.DownloadRequest}, {@link io.outagedrill.client.transfer.DownloadResult} and
 * {@link io.outagedrill.client.transfer.DownloadFailedException}; the knobs
 * ({@link io.outagedrill.client.transfer.TransferConfig}, and {@link io.outagedrill.client.transfer.TransferOptions},
 * the one table of them); the failover policies ({@link io.outagedrill.client.transfer.Policies} by name,
 * {@link io.outagedrill.client.transfer.FailoverPolicy}, and the view of a mirror they choose by,
 * {@link io.outagedrill.client.transfer.MirrorHealth}); the HTTP client the transfer needs
 * ({@link io.outagedrill.client.transfer.HttpClients}, {@link io.outagedrill.client.transfer.TlsProvider}); and its
 * clock ({@link io.outagedrill.client.transfer.Ticker}).
 *
 * <p>The rest is the engine, package-private: {@code TransferSession} runs one download; {@code Schedule} holds the
 * {@code ChunkBoard} under one lock, and its {@code ChunkAssigner} hands each free connection slot an
 * {@code Attempt}; {@code AttemptRunner} runs it through {@code RangeFetcher}; {@code AttemptFailures} judges the
 * attempts that fail ({@code Backoff}); {@code StallWatch} cuts those stalled beside their peers, and
 * {@code ByteProbes} has a suspect mirror answer a 1-byte request before it gets chunks again. The engine shares
 * this package with {@code MirrorHealth} and the policies because it changes a mirror's health through
 * package-private methods, which are not API. Beneath it, and not API either:
 * {@link io.outagedrill.client.transfer.http} (the HTTP mechanics over OkHttp and their time limits) and
 * {@link io.outagedrill.client.transfer.disk} (resume, the journal, the whole-file hash).
 */
package io.outagedrill.client.transfer;
