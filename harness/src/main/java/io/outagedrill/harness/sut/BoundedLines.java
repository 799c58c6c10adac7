package io.outagedrill.harness.sut;

import java.io.IOException;
import java.io.Reader;

/**
 * A process's output as lines, as {@link java.io.BufferedReader#readLine} splits them ({@code \n}, {@code \r} or
 * {@code \r\n}), each cut to at most {@code max} characters. A downloader that prints a file by mistake, or anything
 * without a line break, sent the reader one line as long as its output: 400 MB of it held in the heap and written
 * into the run record (2.4 GB of JSON). The characters past the bound are counted, not kept.
 */
final class BoundedLines {
    private final Reader in;
    private final int max;
    private final char[] buffer = new char[8192];
    private int next;
    private int end;
    /** The last line ended at a {@code \r}: a {@code \n} right after it belongs to that line. */
    private boolean afterCarriageReturn;

    BoundedLines(Reader in, int max) {
        this.in = in;
        this.max = max;
    }

    /** The next line, without its line break; null at the end of the output. */
    String next() throws IOException {
        StringBuilder line = null;
        long dropped = 0;
        while (true) {
            if (next == end) {
                int read = in.read(buffer, 0, buffer.length);
                if (read < 0) {
                    return line == null ? null : text(line, dropped);
                }
                next = 0;
                end = read;
            }
            char c = buffer[next++];
            boolean linefeedOfCrLf = afterCarriageReturn && c == '\n';
            afterCarriageReturn = false;
            if (linefeedOfCrLf) {
                continue;
            }
            if (c == '\n' || c == '\r') {
                afterCarriageReturn = c == '\r';
                return text(line == null ? new StringBuilder() : line, dropped);
            }
            if (line == null) {
                line = new StringBuilder();
            }
            if (line.length() < max) {
                line.append(c);
            } else {
                dropped++;
            }
        }
    }

    private static String text(StringBuilder line, long dropped) {
        return dropped == 0 ? line.toString()
                : line + " [%d more characters of this line left out]".formatted(dropped);
    }
}
