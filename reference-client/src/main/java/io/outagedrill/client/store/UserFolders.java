package io.outagedrill.client.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the client keeps its files by default, read from the environment one way for all of them, after the XDG
 * Base Directory spec: {@code $XDG_STATE_HOME} for what must survive (accepted manifest versions),
 * {@code $XDG_CACHE_HOME} for what may be deleted (verified files, kept manifests). A relative value is ignored, as
 * the spec says; on Windows {@code %LOCALAPPDATA%} stands in for both.
 *
 * <p>{@code ~} is {@code $HOME} when it is absolute, as for every other XDG tool, and only else the JVM's
 * {@code user.home}, which the JDK takes from the password database and not from {@code $HOME}: a service or CI
 * job that runs as a system user (home {@code /nonexistent}) with {@code HOME} set to a folder of its own would
 * otherwise fail every download on a version memory it cannot create.
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
        return folder(env, "XDG_STATE_HOME", osName, home(env, userHome, osName).resolve(Path.of(".local", "state")),
                "");
    }

    static Path cache(Map<String, String> env, String userHome, String osName) {
        return folder(env, "XDG_CACHE_HOME", osName, home(env, userHome, osName).resolve(".cache"), "cache");
    }

    /** {@code $HOME} when absolute (not on Windows: a shell's HOME there is not the profile), else {@code userHome}. */
    private static Path home(Map<String, String> env, String userHome, String osName) {
        String home = env.get("HOME");
        if (!osName.startsWith("Windows") && home != null && !home.isBlank() && Path.of(home).isAbsolute()) {
            return Path.of(home);
        }
        return Path.of(userHome);
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
