package io.outagedrill.fakes.edge;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CacheControlTest {
    @Test
    void readsTheDirectivesAnEdgeActsOn() {
        CacheControl cc = CacheControl.parse("public, max-age=60, stale-while-revalidate=30, Stale-If-Error=\"600\"");
        assertThat(cc.maxAge()).contains(Duration.ofSeconds(60));
        assertThat(cc.staleWhileRevalidate()).isEqualTo(Duration.ofSeconds(30));
        assertThat(cc.staleIfError()).isEqualTo(Duration.ofSeconds(600));
        assertThat(cc.freshFor()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void sharedCachesPreferSMaxAge() {
        assertThat(CacheControl.parse("max-age=10, s-maxage=100").freshFor()).isEqualTo(Duration.ofSeconds(100));
    }

    @Test
    void immutableWithoutMaxAgeIsFreshForeverAndNothingMeansRevalidateEveryTime() {
        assertThat(CacheControl.parse("immutable").freshFor()).isEqualTo(CacheControl.FOREVER);
        assertThat(CacheControl.parse(null).freshFor()).isZero();
        assertThat(CacheControl.parse("public").freshFor()).isZero();
    }

    @Test
    void noCacheMeansZeroFreshnessAndNoStoreOrPrivateMeansDoNotKeep() {
        assertThat(CacheControl.parse("max-age=60, no-cache").freshFor()).isZero();
        assertThat(CacheControl.parse("no-store").noStore()).isTrue();
        assertThat(CacheControl.parse("private, max-age=60").noStore()).isTrue();
    }

    @Test
    void malformedNumbersAreIgnored() {
        CacheControl cc = CacheControl.parse("max-age=-1, stale-if-error=abc");
        assertThat(cc.maxAge()).isEqualTo(Optional.empty());
        assertThat(cc.staleIfError()).isZero();
    }
}
