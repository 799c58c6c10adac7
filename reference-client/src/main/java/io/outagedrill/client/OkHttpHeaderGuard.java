package io.outagedrill.client;

import java.io.IOException;
import java.math.BigInteger;
import java.net.ProtocolException;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * Response headers OkHttp takes but the client must not. Two made OkHttp throw a {@link RuntimeException} instead of
 * an {@link IOException}, which every caller takes for the client's own bug (a download ends as "a bug in the
 * client", a manifest fetch stops before the next replica) rather than for what the server did wrong; and a flood of
 * header lines is memory:
 *
 * <ul>
 *   <li>a negative {@code Content-Length}: OkHttp reads the body with a negative byte count and throws
 *       IllegalArgumentException on the first read, and on closing the response (which discards the rest). The
 *       response is refused here as a {@link ProtocolException}, its HTTP/1 connection closed.
 *   <li>a delay-seconds {@code Retry-After} above 2147483647 on a 503 (or 408): OkHttp reads it with
 *       {@code Integer.valueOf}, to retry a 0 at once, and throws NumberFormatException. It is lowered here to
 *       2147483647 seconds, which means the same to this client: over 68 years, far past any cap on a server's wait.
 *   <li>more than {@link #MAX_HEADER_LINES} header lines: OkHttp bounds a response's headers by their bytes (256
 *       KiB), not their number, and keeps each line as strings for as long as the response is open: some 65,000
 *       lines of {@code a:} held about 7 MB per response, so a mirror holding 16 connections could take most of the
 *       CLI's 128 MiB heap. Real servers send a few dozen. Refused as a {@link ProtocolException}, the connection
 *       closed.
 * </ul>
 *
 * <p>A network interceptor: it sees each response before OkHttp's own retry logic does.
 */
public final class OkHttpHeaderGuard implements Interceptor {
    private static final OkHttpHeaderGuard INSTANCE = new OkHttpHeaderGuard();
    private static final BigInteger MAX_INT = BigInteger.valueOf(Integer.MAX_VALUE);
    /** The most header lines a response may have. */
    public static final int MAX_HEADER_LINES = 1000;

    private OkHttpHeaderGuard() {
    }

    /** {@code builder} with the guard among its network interceptors, once. */
    public static OkHttpClient.Builder install(OkHttpClient.Builder builder) {
        if (!builder.networkInterceptors().contains(INSTANCE)) {
            builder.addNetworkInterceptor(INSTANCE);
        }
        return builder;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        int lines = response.headers().size();
        if (lines > MAX_HEADER_LINES) {
            closeConnection(chain.connection());
            response.close();
            throw new TooManyHeaderLines(lines);
        }
        String length = response.header("Content-Length");
        if (length != null && isNegative(length)) {
            closeConnection(chain.connection());
            try {
                response.close();
            } catch (IllegalArgumentException negativeByteCount) {
                // What OkHttp throws discarding such a body over HTTP/1 (whose framing it is); the socket is closed.
            }
            throw new ProtocolException("answered with Content-Length %s, which is not a length"
                    .formatted(Printable.quoted(length)));
        }
        String retryAfter = response.header("Retry-After");
        if (retryAfter != null && tooLargeForAnInt(retryAfter)) {
            return response.newBuilder().header("Retry-After", MAX_INT.toString()).build();
        }
        return response;
    }

    /**
     * The body's length frames the connection (HTTP/1.1, the only protocol the client speaks): once it is
     * unreadable, so is the connection, which is closed here rather than left to OkHttp's pool. (Cancelling the call
     * would do it too, but a caller then sees a cancelled call, which it reads as its own time limit.)
     */
    private static void closeConnection(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.socket().close();
        } catch (IOException alreadyGone) {
            // nothing left to close
        }
    }

    /** A response with more than {@link #MAX_HEADER_LINES} header lines: the server's doing, not the network's. */
    public static final class TooManyHeaderLines extends ProtocolException {
        private static final long serialVersionUID = 1L;

        TooManyHeaderLines(int lines) {
            super("answered with %d header lines, more than %d".formatted(lines, MAX_HEADER_LINES));
        }
    }

    private static boolean isNegative(String value) {
        try {
            return Long.parseLong(value.trim()) < 0; // what OkHttp parses; other unreadable values it reads as unknown
        } catch (NumberFormatException unreadable) {
            return false;
        }
    }

    /** Digits only (the form OkHttp reads as a number) and above {@link Integer#MAX_VALUE}. */
    private static boolean tooLargeForAnInt(String value) {
        return value.matches("[0-9]+") && new BigInteger(value).compareTo(MAX_INT) > 0;
    }
}
