/**
 * What one download keeps on disk and checks there: what a previous run's part file and journal are still worth
 * ({@link io.outagedrill.client.transfer.disk.ResumePlan}, {@link io.outagedrill.client.transfer.disk.ChunksOnDisk}),
 * the journal saved in the background as chunks verify ({@link io.outagedrill.client.transfer.disk.JournalWriter}),
 * the whole-file SHA-256 read back from the part file behind the verified prefix
 * ({@link io.outagedrill.client.transfer.disk.WholeFileHasher}), and the bounded wait through an interrupt that lets
 * a stopped download still save what it verified ({@link io.outagedrill.client.transfer.disk.ThroughInterrupt}).
 * The files' formats are {@code io.outagedrill.client.store}'s.
 *
 * <p>Not API. Its types are public only so that {@code io.outagedrill.client.transfer} can use them, and may change
 * in any release; code outside the client uses {@link io.outagedrill.client.transfer.Downloader}.
 */
package io.outagedrill.client.transfer.disk;
