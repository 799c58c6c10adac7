package io.outagedrill.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The state and cache folders read the environment the same way: absolute XDG values only, %LOCALAPPDATA%. */
class UserFoldersTest {

    @Test
    void stateFollowsXdgStateHomeWhenAbsolute() {
        assertThat(UserFolders.state(Map.of("XDG_STATE_HOME", "/xdg"), "/home/u", "Linux"))
                .isEqualTo(Path.of("/xdg/outage-drill"));
        assertThat(UserFolders.state(Map.of("XDG_STATE_HOME", "relative"), "/home/u", "Linux"))
                .as("a relative XDG path is ignored, as the spec says")
                .isEqualTo(Path.of("/home/u/.local/state/outage-drill"));
        assertThat(UserFolders.state(Map.of(), "/home/u", "Mac OS X"))
                .isEqualTo(Path.of("/home/u/.local/state/outage-drill"));
    }

    @Test
    void cacheFollowsXdgCacheHomeWhenAbsolute() {
        assertThat(UserFolders.cache(Map.of("XDG_CACHE_HOME", "/xdg-cache"), "/home/u", "Linux"))
                .isEqualTo(Path.of("/xdg-cache/outage-drill"));
        assertThat(UserFolders.cache(Map.of("XDG_CACHE_HOME", "cache"), "/home/u", "Linux"))
                .as("a relative XDG path is ignored, as for the state folder")
                .isEqualTo(Path.of("/home/u/.cache/outage-drill"));
        assertThat(UserFolders.cache(Map.of(), "/home/u", "Linux")).isEqualTo(Path.of("/home/u/.cache/outage-drill"));
    }

    /**
     * A service user's home in the password database ({@code user.home}) is often {@code /nonexistent}; the job sets
     * {@code HOME} to a folder it may write, and {@code ~} must be that one.
     */
    @Test
    void homeIsTheEnvironmentsHomeWhenAbsoluteAndUserHomeOtherwise() {
        Map<String, String> home = Map.of("HOME", "/var/lib/pipeline");

        assertThat(UserFolders.state(home, "/nonexistent", "Linux")).as("state folder with HOME set")
                .isEqualTo(Path.of("/var/lib/pipeline/.local/state/outage-drill"));
        assertThat(UserFolders.cache(home, "/nonexistent", "Linux")).as("cache folder with HOME set")
                .isEqualTo(Path.of("/var/lib/pipeline/.cache/outage-drill"));
        assertThat(UserFolders.cache(Map.of("HOME", "relative"), "/home/u", "Linux")).as("a relative HOME")
                .isEqualTo(Path.of("/home/u/.cache/outage-drill"));
        assertThat(UserFolders.cache(Map.of("HOME", "/var/lib/pipeline", "XDG_CACHE_HOME", "/xdg-cache"),
                "/nonexistent", "Linux")).as("XDG_CACHE_HOME before HOME")
                .isEqualTo(Path.of("/xdg-cache/outage-drill"));
        assertThat(UserFolders.cache(Map.of("HOME", "/c/Users/u"), "C:\\Users\\u", "Windows 11"))
                .as("a shell's HOME on Windows").isEqualTo(Path.of("C:\\Users\\u", ".cache", "outage-drill"));
    }

    @Test
    void windowsUsesLocalAppDataForBothKeepingThemApart() {
        Map<String, String> env = Map.of("LOCALAPPDATA", "/appdata");

        assertThat(UserFolders.state(env, "/home/u", "Windows 11")).isEqualTo(Path.of("/appdata/outage-drill"));
        assertThat(UserFolders.cache(env, "/home/u", "Windows 11")).isEqualTo(Path.of("/appdata/outage-drill/cache"));
        assertThat(UserFolders.state(env, "/home/u", "Linux")).as("LOCALAPPDATA off Windows")
                .isEqualTo(Path.of("/home/u/.local/state/outage-drill"));
    }

    /**
     * A service account's home (HOME=/nonexistent): the defaults under it are refused, naming the variable and the
     * option, instead of being created at the file system's root (as root) or failing on a folder the message does
     * not explain; an XDG variable set, or a home that is there, is used as before.
     */
    @Test
    void aDefaultUnderAHomeFolderThatIsNotThereIsRefusedNamingWhatToSet(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path missing = dir.resolve("nonexistent");
        Map<String, String> env = Map.of("HOME", missing.toString());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> UserFolders.checked(env, "XDG_STATE_HOME",
                        "--versions FILE", missing.resolve(".local/state/outage-drill")))
                .isInstanceOf(UserFolders.NoHomeFolder.class)
                .hasMessage("the home folder " + missing + " does not exist (a service account's?), and the version "
                        + "memory's default is under it; set XDG_STATE_HOME to a folder of its own, or give "
                        + "--versions FILE");
        assertThat(missing).as("nothing created").doesNotExist();
        Path xdg = dir.resolve("state");
        assertThat(UserFolders.checked(Map.of("HOME", missing.toString(), "XDG_STATE_HOME", xdg.toString()),
                "XDG_STATE_HOME", "--versions FILE", xdg.resolve("outage-drill"))).isEqualTo(xdg.resolve("outage-drill"));
        assertThat(UserFolders.checked(Map.of("HOME", dir.toString()), "XDG_CACHE_HOME", "--cache DIR",
                dir.resolve(".cache/outage-drill"))).isEqualTo(dir.resolve(".cache/outage-drill"));
    }
}
