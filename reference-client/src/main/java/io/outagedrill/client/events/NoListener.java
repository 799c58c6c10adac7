package io.outagedrill.client.events;

/** {@link DownloadListener#none()}: ignores every event. */
enum NoListener implements DownloadListener {
    INSTANCE;

    @Override
    public void on(DownloadEvent event) {
    }
}
