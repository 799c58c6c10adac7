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

    /**
     * The home folder a default would go under does not exist: a service account's {@code /nonexistent}. Creating
     * it (as root, at the file system's root) would hide the misconfiguration; the caller names its own option.
     */
    public static final class NoHomeFolder extends io.outagedrill.client.ClientException {
        NoHomeFolder(Path home, String variable, String option) {
            super("the home folder %s does not exist (a service account's?), and the %s default is under it; set %s "
                    .formatted(home, variable.equals("XDG_STATE_HOME") ? "version memory's" : "cache's", variable)
                    + "to a folder of its own, or give " + option);
        }
    }

    /**
     * {@code $XDG_STATE_HOME/outage-drill}, else {@code ~/.local/state/outage-drill}.
     *
     * @throws NoHomeFolder when {@code ~} is wanted and does not exist
     */
    public static Path state() {
        return checked(System.getenv(), "XDG_STATE_HOME", "--versions FILE (in the library, new "
                        + "FileVersionStore(FILE))",
                state(System.getenv(), System.getProperty("user.home"), System.getProperty("os.name", "")));
    }

    /**
     * {@code $XDG_CACHE_HOME/outage-drill}, else {@code ~/.cache/outage-drill}.
     *
     * @throws NoHomeFolder when {@code ~} is wanted and does not exist
     */
    public static Path cache() {
        return checked(System.getenv(), "XDG_CACHE_HOME", "--cache DIR (or --no-cache; in the library, new "
                        + "ContentCache(DIR), or none)",
                cache(System.getenv(), System.getProperty("user.home"), System.getProperty("os.name", "")));
    }

    /** {@code folder}, unless it was put under a home folder that does not exist. */
    static Path checked(Map<String, String> env, String xdgVariable, String option, Path folder) {
        String osName = System.getProperty("os.name", "");
        if (xdgSet(env, xdgVariable) || osName.startsWith("Windows")) {
            return folder;
        }
        Path home = home(env, System.getProperty("user.home"), osName);
        if (!java.nio.file.Files.isDirectory(home)) {
            throw new NoHomeFolder(home, xdgVariable, option);
        }
        return folder;
    }

    private static boolean xdgSet(Map<String, String> env, String xdgVariable) {
        String xdg = env.get(xdgVariable);
        return xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute();
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
        if (xdgSet(env, xdgVariable)) {
            return Path.of(env.get(xdgVariable), APP);
        }
        String localAppData = env.get("LOCALAPPDATA");
        if (osName.startsWith("Windows") && localAppData != null && !localAppData.isBlank()) {
            return Path.of(localAppData, APP, windowsSub); // an empty last part adds nothing
        }
        return otherwise.resolve(APP);
    }
}
