package io.outagedrill.client.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the client keeps its files by default, read from the environment one way for all of them, after the XDG
 * Base Directory spec: {@code $XDG_STATE_HOME} for what must survive (accepted manifest versions),
 * {@code $XDG_CACHE_HOME} for what may be deleted (verified files, kept manifests). A relative value is ignored, as
 * the spec says; on Windows {@code %LOCALAPPDATA%} stands in for both.
 */
public final class UserFolders {
    private static final String APP = "outage-drill";

    private UserFolders() {
    }

    /** {@code $XDG_STATE_HOME/outage-drill}, else {@code ~/.local/state/outage-drill}. */
    public static Path state() {
        return state(System.getenv(), System.getProperty("user.home"), System.getProperty("os.name", ""));
    }

    /** {@code $XDG_CACHE_HOME/outage-drill}, else {@code ~/.cache/outage-drill}. */
    public static Path cache() {
        return cache(System.getenv(), System.getProperty("user.home"), System.getProperty("os.name", ""));
    }

    static Path state(Map<String, String> env, String userHome, String osName) {
        return folder(env, "XDG_STATE_HOME", osName, Path.of(userHome, ".local", "state"), "");
    }

    static Path cache(Map<String, String> env, String userHome, String osName) {
        return folder(env, "XDG_CACHE_HOME", osName, Path.of(userHome, ".cache"), "cache");
    }

    /** @param windowsSub the folder under {@code %LOCALAPPDATA%\outage-drill}, empty for that folder itself */
    private static Path folder(Map<String, String> env, String xdgVariable, String osName, Path otherwise,
                               String windowsSub) {
        String xdg = env.get(xdgVariable);
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, APP);
        }
        String localAppData = env.get("LOCALAPPDATA");
        if (osName.startsWith("Windows") && localAppData != null && !localAppData.isBlank()) {
            return Path.of(localAppData, APP, windowsSub); // an empty last part adds nothing
        }
        return otherwise.resolve(APP);
    }
}
