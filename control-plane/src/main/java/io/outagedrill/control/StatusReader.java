package io.outagedrill.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outagedrill.client.ReadBudget;
import io.outagedrill.client.manifest.Mirror;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads what a provider's Statuspage says ({@code <status>/api/v2/status.json}, {@code status.indicator}): a hint
 * for the routing controller, never a reason on its own. A page that cannot be read says nothing.
 */
public final class StatusReader {
    /** What a status page's indicator says. */
    public enum Indicator {
        NONE, MINOR, MAJOR, CRITICAL;

        /** A provider that admits a major or critical outage. */
        public boolean admitsOutage() {
            return this == MAJOR || this == CRITICAL;
        }
    }

    private static final long MAX_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OkHttpClient http;
    private final Duration timeout;

    public StatusReader(OkHttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** The indicator of {@code mirror}'s status page; empty when it names none or the page cannot be read. */
    public Optional<Indicator> read(Mirror mirror) {
        Optional<URI> document = mirror.statusDocument();
        if (document.isEmpty()) {
            return Optional.empty();
        }
        Call call = http.newCall(new Request.Builder().url(document.get().toString()).build());
        call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        // Read on this thread: a page's worth and its framing, however the page frames it (the prober's client's
        // sockets count against it).
        ReadBudget.arm(MAX_BYTES + ReadBudget.FRAMING_LIMIT);
        try (Response response = call.execute()) {
            if (response.code() != 200) {
                return Optional.empty();
            }
            BufferedSource source = response.body().source();
            if (source.request(MAX_BYTES + 1)) {
                return Optional.empty();
            }
            JsonNode indicator = JSON.readTree(source.readByteArray()).path("status").path("indicator");
            return indicator.isTextual()
                    ? Optional.of(Indicator.valueOf(indicator.asText().toUpperCase(Locale.ROOT)))
                    : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } finally {
            ReadBudget.disarm();
        }
    }
}
