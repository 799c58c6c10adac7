package io.outagedrill.fakes.objectstore;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class S3ProxyJarTest {
    @Test
    void theVersionComesFromThePomThroughTheFilteredResource() {
        assertThat(S3ProxyJar.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(S3ProxyJar.coordinates(":")).isEqualTo("org.gaul:s3proxy:" + S3ProxyJar.version()
                + ":jar-with-dependencies");
    }

    @Test
    void theMissingJarMessageSaysWhereItLookedAndHowToGetIt() {
        String message = S3ProxyJar.howToGet();
        assertThat(message)
                .contains("org/gaul/s3proxy/" + S3ProxyJar.version())
                .contains("./mvnw -pl fake-cdns -am verify")
                .contains("-Dartifact=org.gaul:s3proxy:" + S3ProxyJar.version() + ":jar:jar-with-dependencies")
                .contains("-D" + S3ProxyJar.PROPERTY);
    }
}
