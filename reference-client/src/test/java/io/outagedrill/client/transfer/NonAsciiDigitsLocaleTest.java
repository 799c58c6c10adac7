package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.transfer.disk.ResumePlan;
import io.outagedrill.client.transfer.http.ContentRange;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junitpioneer.jupiter.DefaultLocale;

/**
 * A JVM whose default locale writes its own digits: in Arabic (and Persian) locales {@code "%d".formatted(12)}
 * gives "١٢". What goes on the wire or on disk must stay ASCII: the {@code Range} header (OkHttp refuses any other
 * character, and every request failed), the {@code Content-Range} the client expects back, and the content id its
 * resume journal keeps. Isolated: the default locale is the whole JVM's, and other test classes run beside.
 */
@Isolated
@DefaultLocale("ar-EG")
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NonAsciiDigitsLocaleTest {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.bytes(6 * CHUNK + 99, 17);

    @TempDir
    Path dir;

    @RegisterExtension
    final RangeMirrors servers = new RangeMirrors();

    @BeforeEach
    void arabicDigits() {
        assertThat("%d".formatted(12)).as("the locale's digits for 12").isNotEqualTo("12");
    }

    @Test
    void aDownloadSendsAsciiRangesAndFinishes() throws IOException {
        RangeMirror mirror = servers.open("origin", CONTENT);
        Target target = TestFiles.target("video.bin", CONTENT, CHUNK, List.of(mirror.mirror()));

        DownloadResult result = Downloader.builder().config(TransferConfig.builder().seed(3).minSpeed(0)
                        .backoffBase(Duration.ofMillis(20)).build()).build()
                .download(TestFiles.verified(target, 1), DownloadRequest.into(dir));

        assertThat(Sha256.ofFile(result.path())).as("SHA-256 of the file downloaded in locale %s", Locale.getDefault())
                .isEqualTo(Sha256.of(CONTENT));
        assertThat(mirror.ranges()).as("the ranges the mirror was asked for").isNotEmpty();
    }

    @Test
    void whatTheClientWritesForMirrorsAndForItsJournalIsTheSameInEveryLocale() {
        Target target = TestFiles.target("video.bin", CONTENT, CHUNK, List.of());
        Locale locale = Locale.getDefault();
        String header = ContentRange.header(0, 65535, 1048576);
        String contentId = ResumePlan.contentId(target);

        Locale.setDefault(Locale.ROOT); // put back after the test by @DefaultLocale
        assertThat(header).as("the Content-Range expected back, in locale %s", locale)
                .isEqualTo("bytes 0-65535/1048576");
        assertThat(contentId).as("the journal's content id, in locale %s and in the root locale", locale)
                .isEqualTo(ResumePlan.contentId(target));
    }
}
