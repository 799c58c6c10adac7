package io.outagedrill.harness.sut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which policy names each client takes, as the CLI checks them before a run starts, and how aria2c reads its
 * profile from the policy (a scenario group's {@code policy: tuned} used to be dropped for its default). Which name
 * a group's client gets when it does not take the group's is the fleet's ({@code ClientChoiceTest}).
 */
class PolicyNamesTest {
    @Test
    void eachClientTakesItsOwnPolicyNamesAndAMisspeltOneIsNamedWithTheRight() {
        assertThat(SystemsUnderTest.policyProblem("parallel", "reference")).isEmpty();
        assertThat(SystemsUnderTest.policyProblem("sequential", "reference-cli")).isEmpty();
        assertThat(SystemsUnderTest.policyProblem("tuned", "aria2c")).isEmpty();
        assertThat(SystemsUnderTest.policyProblem("adaptiv", "reference")).contains(
                "unknown policy 'adaptiv' for reference; expected one of sequential, parallel, adaptive");
        assertThat(SystemsUnderTest.policyProblem("adaptive", "aria2c")).contains(
                "unknown policy 'adaptive' for aria2c; expected one of default, tuned");
        assertThat(SystemsUnderTest.policyProblem("tuned", "curl")).contains(
                "curl has no policies (reference, reference-cli and aria2c have)");
        assertThat(SystemsUnderTest.policyProblem("tuned", "cmd:my-dl {urls}")).contains(
                "a cmd: template has no policies (reference, reference-cli and aria2c have)");
    }

    @Test
    void clientNamesAreTheBuiltInOnesOrACommandTemplate() {
        assertThat(SystemsUnderTest.clientProblem("aria2c")).isEmpty();
        assertThat(SystemsUnderTest.clientProblem("cmd:wget -O {output} {urls}")).isEmpty();
        assertThat(SystemsUnderTest.clientProblem("wget")).contains(
                "unknown client 'wget'; expected one of reference, reference-cli, aria2c, curl, cmd:...");
        assertThat(SystemsUnderTest.clientProblem("cmd:")).as("a template with no command")
                .contains("cmd: needs a command, e.g. cmd:my-downloader --out {output} {urls}");
        assertThat(SystemsUnderTest.clientProblem("cmd:  ")).as("a template of spaces alone")
                .contains("cmd: needs a command, e.g. cmd:my-downloader --out {output} {urls}");
    }

    /** A program that is not installed would fail every download of a run: a client the user names must exist. */
    @Test
    void aClientToRunMustBeInstalled() {
        assertThat(SystemsUnderTest.runProblem("cmd:no-such-downloader-4711 -o {output} {urls}"))
                .contains("no-such-downloader-4711 is not on PATH");
        assertThat(SystemsUnderTest.runProblem("cmd:/no/such/dir/dl -o {output} {urls}"))
                .contains("/no/such/dir/dl is not an executable file");
        assertThat(SystemsUnderTest.runProblem("wget")).as("not a client at all").contains(
                "unknown client 'wget'; expected one of reference, reference-cli, aria2c, curl, cmd:...");
        assertThat(SystemsUnderTest.runProblem("reference")).isEmpty();
    }

    /**
     * A folder has its x bit too, so it used to pass as a program: the run then played in full and every download
     * failed with "Permission denied", where a missing program is refused before anything starts.
     */
    @Test
    void aFolderIsNotAProgram(@TempDir Path folder) {
        assertThat(SystemsUnderTest.runProblem("cmd:" + folder + " -o {output} {urls}"))
                .contains(folder + " is a folder, not an executable file");
    }

    /** Its #! interpreter missing, a script failed every download with "No such file or directory" of itself. */
    @Test
    void aScriptWhoseInterpreterIsNotThereIsRefused(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("dl.py");
        java.nio.file.Files.writeString(script, "#!/no/such/python-4711 -u\nprint(1)\n");
        assertThat(script.toFile().setExecutable(true)).as("chmod +x %s", script).isTrue();
        Path shell = dir.resolve("dl.sh");
        java.nio.file.Files.writeString(shell, "#!/bin/sh\nexit 0\n");
        assertThat(shell.toFile().setExecutable(true)).as("chmod +x %s", shell).isTrue();

        assertThat(SystemsUnderTest.runProblem("cmd:" + script + " -o {output} {urls}"))
                .contains(script + " names the interpreter /no/such/python-4711 on its #! line, which is not there");
        assertThat(SystemsUnderTest.runProblem("cmd:" + shell + " -o {output} {urls}"))
                .as("an interpreter that is there").isEmpty();
    }

    /**
     * A script saved with Windows line endings: the kernel takes the carriage return as part of the interpreter's
     * name ({@code /bin/sh\r}, not there) and says "No such file or directory" of the script, so every download of
     * the run failed with that while the check before it passed.
     */
    @Test
    void aScriptWithWindowsLineEndingsIsRefusedNamingTheCarriageReturn(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("dl.sh");
        java.nio.file.Files.writeString(script, "#!/bin/sh\r\nexit 0\r\n");
        assertThat(script.toFile().setExecutable(true)).as("chmod +x %s", script).isTrue();
        Path spaced = dir.resolve("spaced.sh");
        java.nio.file.Files.writeString(spaced, "#! /bin/sh \t\nexit 0\n");
        assertThat(spaced.toFile().setExecutable(true)).as("chmod +x %s", spaced).isTrue();

        assertThat(SystemsUnderTest.runProblem("cmd:" + script + " -o {output} {urls}")).as("the script's problem")
                .hasValueSatisfying(problem -> assertThat(problem).contains(script + " names the interpreter "
                        + "/bin/sh\\r on its #! line, which is not there (the script has Windows line endings"));
        assertThat(SystemsUnderTest.runProblem("cmd:" + spaced + " -o {output} {urls}"))
                .as("spaces and tabs around the interpreter, which the kernel skips").isEmpty();

        // Through env the interpreter is there, and the return ends env's argument instead: every download failed
        // with env's "use -[v]S to pass options in shebang lines".
        Path viaEnv = dir.resolve("dl.py");
        java.nio.file.Files.writeString(viaEnv, "#!/usr/bin/env sh\r\nexit 0\r\n");
        assertThat(viaEnv.toFile().setExecutable(true)).as("chmod +x %s", viaEnv).isTrue();
        assertThat(SystemsUnderTest.runProblem("cmd:" + viaEnv + " -o {output} {urls}")).as("the script's problem")
                .hasValue(viaEnv + "'s #! line (#!/usr/bin/env sh\\r) ends in a carriage return: the script has "
                        + "Windows line endings, and the kernel passes the return to /usr/bin/env as part of the last "
                        + "word; convert it with dos2unix or sed -i 's/\\r$//'");
    }

    /**
     * A program in a folder with a space in its name is quoted as in a shell; split on spaces alone it could not be
     * named ("/tmp/my is not an executable file"), and a quote left open is named before anything runs.
     */
    @Test
    void aProgramWhosePathHasASpaceIsQuoted(@TempDir Path dir) throws Exception {
        Path program = java.nio.file.Files.createDirectories(dir.resolve("my tools")).resolve("dl");
        java.nio.file.Files.writeString(program, "#!/bin/sh\nexit 0\n");
        assertThat(program.toFile().setExecutable(true)).as("chmod +x %s", program).isTrue();

        assertThat(SystemsUnderTest.runProblem("cmd:'" + program + "' -o {output} {urls}")).isEmpty();
        assertThat(SystemsUnderTest.runProblem("cmd:\"" + program + "\" -o {output} {urls}")).isEmpty();
        assertThat(SystemsUnderTest.clientProblem("cmd:'" + program + " -o {output} {urls}")).contains(
                "cmd: the ' at character 1 of the template is never closed; quote a word with a space in it as a "
                        + "whole, e.g. '/opt/My Tools/dl'");
        assertThat(SystemsUnderTest.clientProblem("cmd:\"")).as("a quote left open before any command").contains(
                "cmd: the \" at character 1 of the template is never closed; quote a word with a space in it as a "
                        + "whole, e.g. '/opt/My Tools/dl'");
        assertThat(SystemsUnderTest.clientProblem("cmd:''")).as("a quoted nothing is no command either")
                .contains("cmd: needs a command, e.g. cmd:my-downloader --out {output} {urls}");
    }

    /** A typo in a placeholder would reach the program as written and fail every download: it is refused first. */
    @Test
    void aTemplatesPlaceholdersAreCheckedBeforeAnythingRuns() {
        assertThat(SystemsUnderTest.clientProblem("cmd:curl --cacert {ca} -o {output} {url}")).contains(
                "cmd: unknown placeholder {url} (did you mean {urls}?); the placeholders are {manifest} {trust} {ca} "
                        + "{output} {dir} {file} {sha256} {size} {plain_http} {dns_server} {doh_url} {source_address} {manifests} "
                        + "{urls} {literal_urls} {resolve}");
        assertThat(SystemsUnderTest.clientProblem("cmd:dl --pair={urls}={resolve} -o {output}")).contains(
                "cmd: '--pair={urls}={resolve}' holds two lists, {urls} and {resolve}; a word may hold one, and is "
                        + "repeated once per item");
        assertThat(SystemsUnderTest.clientProblem("cmd:dl --mirror={urls} -o {output}"))
                .as("a list inside a word: the word repeated per item").isEmpty();
        assertThat(SystemsUnderTest.clientProblem("cmd:dl --mirror={urls}#{urls} -o {output}"))
                .as("the same list twice in a word: one list, its item in both places").isEmpty();
        assertThat(SystemsUnderTest.clientProblem("cmd:dl --sha256={sha256} -o {dir}/{file} {literal_urls}"))
                .as("value placeholders inside words, a list as a word").isEmpty();
        assertThat(SystemsUnderTest.clientProblem("cmd:dl --meta {\"a\":1} -o {output} {urls}"))
                .as("braces that are not a placeholder's").isEmpty();
        assertThatThrownBy(() -> SystemsUnderTest.named("cmd:dl {outptu}", java.time.Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(did you mean {output}?)");
        assertThat(SystemsUnderTest.clientProblem("cmd:dl -o {out} {urls}")).as("the start of one placeholder")
                .hasValueSatisfying(p -> assertThat(p).startsWith("cmd: unknown placeholder {out} (did you mean "
                        + "{output}?)"));
        assertThat(SystemsUnderTest.clientProblem("cmd:dl -o {output} {d}")).as("too short a start to guess from")
                .hasValueSatisfying(p -> assertThat(p).startsWith("cmd: unknown placeholder {d}; the placeholders"));
    }

    /**
     * A placeholder whose closing brace was left out reached the program as written ("{urls"), and every download
     * failed with the downloader's own words after the whole scenario had played: it is refused first too.
     */
    @Test
    void aPlaceholderLeftOpenIsRefusedBeforeAnythingRuns() {
        assertThat(SystemsUnderTest.clientProblem("cmd:curl --cacert {ca} -o {output} {urls")).contains(
                "cmd: '{urls' is never closed; write {urls}");
        assertThat(SystemsUnderTest.clientProblem("cmd:dl --out={output -o {dir} {urls}")).contains(
                "cmd: '--out={output' is never closed; write {output}");
        assertThat(SystemsUnderTest.clientProblem("cmd:dl --meta {\"a\":1} --tag {release -o {output} {urls}"))
                .as("a brace before a word that names no placeholder is the program's").isEmpty();
    }

    @Test
    void aria2cTakesItsProfileFromThePolicyUnlessTheScenarioNamesOne() {
        assertThat(Aria2c.profile(job("tuned", Map.of()))).isEqualTo("tuned");
        assertThat(Aria2c.profile(job("default", Map.of("profile", "tuned")))).as("the profile option")
                .isEqualTo("tuned");
    }

    @Test
    void theTunedProfileReachesAria2csCommandLineAndTheDefaultAddsNothing() {
        List<String> tuned = Aria2c.command(job("tuned", Map.of()));
        List<String> plain = Aria2c.command(job("default", Map.of()));

        assertThat(tuned).as("aria2c's command line for the tuned profile")
                .containsSubsequence("--no-conf=true", "--async-dns=false", "--split=4",
                        "--max-connection-per-server=2")
                .contains("--lowest-speed-limit=16K", "--uri-selector=adaptive");
        assertThat(plain).as("for its defaults").noneMatch(flag -> flag.startsWith("--split")
                || flag.startsWith("--timeout") || flag.startsWith("--max-tries"));
        assertThat(tuned.size() - plain.size()).as("the tuned profile's flags").isEqualTo(9);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Aria2c.command(job("tunned", Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown aria2c profile 'tunned'; expected one of [default, tuned]");
    }

    private static DownloadJob job(String policy, Map<String, String> options) {
        return new DownloadJob("c-1", List.of(), Path.of("keys.jwks"), Path.of("ca.pem"), Map.of(), List.of(),
                List.of(), Path.of("out"), "f.bin", 1, "0".repeat(64), policy, options, Duration.ofSeconds(1), null,
                false);
    }
}
