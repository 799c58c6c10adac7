package io.outagedrill.client.transfer;

import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event, for assertions on what the client said it did. */
final class RecordingListener implements DownloadListener {
    private final List<DownloadEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void on(DownloadEvent event) {
        events.add(event);
    }

    <T extends DownloadEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<DownloadEvent> all() {
        return events;
    }

    String transcript() {
        StringBuilder text = new StringBuilder();
        java.time.Instant first = events.isEmpty() ? null : events.getFirst().at();
        for (DownloadEvent e : events) {
            if (!(e instanceof DownloadEvent.Progress)) {
                text.append("  +").append(java.time.Duration.between(first, e.at()).toMillis()).append(" ms ")
                        .append(e.describe()).append('\n');
            }
        }
        return text.toString();
    }
}
