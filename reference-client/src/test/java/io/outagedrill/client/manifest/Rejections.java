package io.outagedrill.client.manifest;

import io.outagedrill.client.manifest.ManifestRejectedException.Reason;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One assertion for every rejection path: the reason, and words in the message that say expected vs seen. */
public final class Rejections {

    private Rejections() {
    }

    public static ManifestRejectedException assertRejected(ThrowingCallable call, Reason reason,
                                                           String... messageParts) {
        ManifestRejectedException[] caught = new ManifestRejectedException[1];
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(ManifestRejectedException.class, e -> {
                    assertThat(e.reason()).as("reason of \"%s\"", e.getMessage()).isEqualTo(reason);
                    if (messageParts.length > 0) {
                        assertThat(e.getMessage()).contains(messageParts);
                    }
                    caught[0] = e;
                });
        return caught[0];
    }
}
