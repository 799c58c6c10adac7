package io.outagedrill.benchmarks.peers;

import java.util.OptionalLong;

/** Reads the bench's nginx access-log lines: {@code $msec $request_time $status "$http_range" $body_bytes_sent}. */
final class AccessLog {
    private AccessLog() {
    }

    /**
     * The earliest request start among {@code lines}, in epoch milliseconds: nginx logs at a request's end
     * ({@code $msec}), so its start is that minus {@code $request_time} (both with millisecond resolution).
     */
    static OptionalLong firstStartMillis(String lines) {
        long first = Long.MAX_VALUE;
        for (String line : lines.split("\n")) {
            String[] fields = line.strip().split(" ");
            if (fields.length < 2) {
                continue;
            }
            try {
                double end = Double.parseDouble(fields[0]);
                double took = Double.parseDouble(fields[1]);
                first = Math.min(first, Math.round((end - took) * 1000));
            } catch (NumberFormatException notALogLine) {
                // a partly written line at the end, or another format: not a request we can time
            }
        }
        return first == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(first);
    }
}
