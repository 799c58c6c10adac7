package io.outagedrill.client.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * When a cache entry was last stored or served, for least-recently-used eviction. It is kept in the entry's own
 * file timestamp rather than in an index: that survives restarts, every process sharing the folder sees it, it
 * costs one metadata write per use, and there is nothing to lock or to repair after a crash.
 *
 * <p>The timestamp is the last-<em>access</em> time, not the last-modified one, because an entry is usually a
 * hard link to the very file the user downloaded (one inode, two names): setting its modification time would
 * change the user's file's too, which rsync, make and backup tools act on. The access time is set explicitly
 * here, which noatime and relatime mounts do not prevent (they only limit the kernel's own updates). When the
 * kernel does update it because someone read the file, the entry merely looks more recently used: it is evicted
 * later, and nothing wrong is ever served.
 */
final class LastUse {
    private LastUse() {
    }

    static void record(Path entry, Instant at) throws IOException {
        Files.getFileAttributeView(entry, BasicFileAttributeView.class).setTimes(null, FileTime.from(at), null);
    }

    static Instant of(BasicFileAttributes attributes) {
        return attributes.lastAccessTime().toInstant();
    }
}
