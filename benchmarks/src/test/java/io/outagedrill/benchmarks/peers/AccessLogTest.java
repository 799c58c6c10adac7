package io.outagedrill.benchmarks.peers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessLogTest {
    @Test
    void firstStartIsTheEarliestEndMinusItsRequestTime() {
        String log = """
                1700000000.900 0.500 206 "bytes=0-4194303" 4194304
                1700000000.700 0.050 206 "bytes=4194304-8388607" 4194304
                1700000001.000 0.010 200 "-" 10
                """;

        assertThat(AccessLog.firstStartMillis(log)).hasValue(1700000000400L);
    }

    @Test
    void ignoresPartialAndForeignLines() {
        assertThat(AccessLog.firstStartMillis("garbage line\n1700000000.1")).isEmpty();
        assertThat(AccessLog.firstStartMillis("")).isEmpty();
    }
}
