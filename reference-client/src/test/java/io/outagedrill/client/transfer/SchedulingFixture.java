package io.outagedrill.client.transfer;

import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** A board, mirrors and assigner for one target of {@code chunks} chunks of 1 MiB, without any network. */
final class SchedulingFixture {
    static final long MIB = 1L << 20;

    final Target target;
    final List<MirrorHealth> mirrors;
    final ChunkBoard board;
    final ChunkAssigner assigner;
    final TransferConfig config;
    /** What the assigner told. */
    final RecordingListener events = new RecordingListener();

    SchedulingFixture(int chunks, String policy, String... hosts) {
        config = TransferConfig.builder().policy(policy).seed(1).build();
        List<Mirror> listed = java.util.Arrays.stream(hosts)
                .map(h -> new Mirror(h, URI.create("https://" + h + ".test/v.bin"), 1, "", h)).toList();
        target = new Target("v.bin", chunks * MIB, "0".repeat(64), "", MIB,
                Collections.nCopies(chunks, "0".repeat(64)), listed);
        mirrors = listed.stream().map(m -> new MirrorHealth(m, listed.indexOf(m), m.provider())).toList();
        board = new ChunkBoard(chunks, new BitSet());
        assigner = new ChunkAssigner(board, mirrors, Policies.create(policy, new SplittableRandom(1)), config,
                target, events, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), new AtomicInteger());
    }

    MirrorHealth mirror(String host) {
        return mirrors.stream().filter(m -> m.label().equals(host)).findFirst().orElseThrow();
    }
}
