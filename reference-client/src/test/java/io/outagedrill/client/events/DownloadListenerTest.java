package io.outagedrill.client.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DownloadListenerTest {

    @Test
    void theInterfaceHasNoStaticFieldSoTheAotCacheKeepsItsLambdas() {
        // A static field gives an interface a static initialiser, and the JDK's AOT cache then spins every lambda
        // of it at run time, on the way to the first request (the interface's comment says so).
        List<String> statics = Arrays.stream(DownloadListener.class.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers())).map(Field::getName).toList();
        assertThat(statics).as("static fields of DownloadListener").isEmpty();
    }

    @Test
    void noneIgnoresEventsAndAndCallsBothInOrder() {
        List<String> seen = new ArrayList<>();
        DownloadEvent event = new DownloadEvent.Progress(Instant.EPOCH, 0, 0, 10, 0.0, List.of());
        DownloadListener first = e -> seen.add("first");
        DownloadListener second = e -> seen.add("second");

        DownloadListener.none().on(event);
        first.and(DownloadListener.none()).and(second).on(event);

        assertThat(seen).as("listeners called by and(), in order").containsExactly("first", "second");
        assertThat(DownloadListener.none()).as("none() is one listener").isSameAs(DownloadListener.none());
    }
}
