package io.outagedrill.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * OkHttp (Kotlin, which declares no checked exceptions) throws {@link InterruptedException} out of
 * {@code Call.execute} when its thread is interrupted while it waits for a TCP connect: fast fallback races the
 * connects on other threads and polls a queue for the first. Undeclared, it passes every caller's {@code catch
 * (IOException)}: a Ctrl-C while a manifest copy was connecting ended the job as an unexpected exception, and the
 * wait cleared the thread's interrupt flag, which is how the client tells an interrupt from a failure.
 *
 * <p>An application interceptor, around the whole call: the interrupt becomes an {@link InterruptedIOException},
 * which callers read as an interrupt already, with the thread's flag set again.
 */
public final class UndeclaredInterrupt implements Interceptor {
    private static final UndeclaredInterrupt INSTANCE = new UndeclaredInterrupt();

    private UndeclaredInterrupt() {
    }

    /** {@code builder} with this among its application interceptors, once. */
    public static OkHttpClient.Builder install(OkHttpClient.Builder builder) {
        if (!builder.interceptors().contains(INSTANCE)) {
            builder.addInterceptor(INSTANCE);
        }
        return builder;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        try {
            return chain.proceed(chain.request());
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception undeclared) {
            if (undeclared instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                InterruptedIOException interrupted = new InterruptedIOException("interrupted while connecting");
                interrupted.initCause(undeclared);
                throw interrupted;
            }
            throw new IllegalStateException("OkHttp threw an undeclared " + undeclared, undeclared);
        }
    }
}
