package io.outagedrill.client.transfer.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.outagedrill.client.fuzz.ParserInvariants;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Content-Range comes from any mirror, so its parser must read any header value: either a range that RFC 9110
 * §14.4 calls valid (first ≤ last, and last < total when the total is known), or empty. It documents no
 * exception at all. Seeds: {@code ContentRangeFuzzTestInputs/} (docs/fuzzing.md).
 */
class ContentRangeFuzzTest {

    @FuzzTest
    void parsesAnyHeaderValueToAValidRangeOrNothing(byte[] input) {
        String header = new String(input, StandardCharsets.ISO_8859_1); // how HTTP/1.1 field values arrive

        Optional<ContentRange> parsed = ParserInvariants.result(() -> ContentRange.parse(header));

        parsed.ifPresent(range -> {
            assertThat(range.first()).as("first of %s", header).isNotNegative();
            assertThat(range.last()).as("last of %s", header).isGreaterThanOrEqualTo(range.first());
            if (range.total() != -1) {
                assertThat(range.total()).as("total of %s", header).isGreaterThan(range.last());
            }
            String written = ContentRange.header(range.first(), range.last(), range.total());
            if (range.total() != -1) {
                assertThat(ContentRange.parse(written)).as("re-reading %s", written).contains(range);
            }
        });
    }
}
