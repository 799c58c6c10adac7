/**
 * The transfer's HTTP mechanics over OkHttp, beneath the engine: reading a response body within its stall and
 * minimum-speed limits ({@link io.outagedrill.client.transfer.http.BodyReader}, with the per-read watchdog
 * {@link io.outagedrill.client.transfer.http.ReadWatchdog} and the connection slots' reusable
 * {@link io.outagedrill.client.transfer.http.ReadBuffers}), the limits on the header wait
 * ({@link io.outagedrill.client.transfer.http.HeaderDeadline}) and on name lookups
 * ({@link io.outagedrill.client.transfer.http.LookupDeadline}), the response headers the engine reads
 * ({@link io.outagedrill.client.transfer.http.ContentRange}, {@link io.outagedrill.client.transfer.http.RetryAfter}),
 * and the failure of one request ({@link io.outagedrill.client.transfer.http.FetchFailure}). Which mirror a request
 * goes to, and what its answer means for that mirror, is the engine's ({@code RangeFetcher} in
 * {@code io.outagedrill.client.transfer}).
 *
 * <p>Not API. Its types are public only so that {@code io.outagedrill.client.transfer} can use them, and may change
 * in any release; code outside the client uses {@link io.outagedrill.client.transfer.Downloader} and
 * {@link io.outagedrill.client.transfer.HttpClients}.
 */
package io.outagedrill.client.transfer.http;
