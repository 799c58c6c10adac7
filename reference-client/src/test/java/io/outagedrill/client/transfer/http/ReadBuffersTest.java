package io.outagedrill.client.transfer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadBuffersTest {
    @Test
    void aBufferGivenBackIsTakenAgainClearedInsteadOfANewOne() {
        ReadBuffers pool = new ReadBuffers(4);
        ByteBuffer first = pool.take();
        first.put(new byte[100]).limit(200);
        pool.give(first);

        ByteBuffer again = pool.take();

        assertThat(again).as("the buffer given back, taken again").isSameAs(first);
        assertThat(again.position()).as("position when taken again").isZero();
        assertThat(again.limit()).as("limit when taken again").isEqualTo(ReadBuffers.SIZE);
        assertThat(pool.take()).as("a second take while the first is out").isNotSameAs(first);
    }

    @Test
    void noMoreThanTheLimitAreKeptWhateverIsGivenBack() {
        ReadBuffers pool = new ReadBuffers(3);
        List<ByteBuffer> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            out.add(pool.take());
        }
        out.forEach(pool::give);

        List<ByteBuffer> again = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            again.add(pool.take());
        }

        long reused = again.stream().filter(b -> out.stream().anyMatch(o -> o == b)).count();
        assertThat(reused).as("buffers reused out of 5 given back to a pool keeping 3").isEqualTo(3);
        // ByteBuffer.equals compares contents: identities are what must differ.
        java.util.Set<ByteBuffer> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        distinct.addAll(again);
        assertThat(distinct).as("distinct buffers among 5 taken").hasSize(5);
    }

    @Test
    void aBufferGivenBackTwiceIsRefusedAndNeverGoesToTwoTakers() {
        ReadBuffers pool = new ReadBuffers(4);
        ByteBuffer once = pool.take();
        pool.give(once);

        assertThatThrownBy(() -> pool.give(once)).as("giving the same buffer back a second time")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("given back twice");
        ByteBuffer first = pool.take();
        ByteBuffer second = pool.take();
        assertThat(second).as("the second take after a double give (the first got the buffer given back)")
                .isNotSameAs(first);
    }

    @Test
    void aBufferOfAnotherSizeIsRefused() {
        assertThatThrownBy(() -> new ReadBuffers(1).give(ByteBuffer.allocate(1024)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024");
    }
}
