package io.outagedrill.harness.sut;

import io.outagedrill.client.EditDistance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Consumer;

/**
 * {@code cmd:TEMPLATE}: any downloader, as a command line with placeholders. The template is split on spaces, but
 * not inside {@code '...'} or {@code "..."}, so a program or argument with a space in it is quoted as in a shell (no
 * shell is involved: no escapes, no variables, no globs); a list placeholder gives one argument per item: a word
 * that is exactly one, the items; a word with one inside, the word once per item. If the program prints the reference
 * client's JSON event lines, they are read as observations; otherwise it is judged by its exit code, the file it
 * leaves, and its timing. The process runs in its download's folder ({@code {dir}}); a relative program path
 * ({@code ./build/my-downloader}) is taken from the harness's own working folder, where {@link #unavailable()} looked
 * for it. A script's relative {@code #!} interpreter is not: the kernel looks for it from the process's working
 * folder, {@code {dir}}, as {@link ScriptInterpreter} does.
 *
 * <table>
 *   <caption>Placeholders</caption>
 *   <tr><td>{manifest}</td><td>the first manifest URL</td></tr>
 *   <tr><td>{manifests}</td><td>every manifest URL (list)</td></tr>
 *   <tr><td>{trust}</td><td>the JWK set file</td></tr>
 *   <tr><td>{ca}</td><td>the test CA's PEM file</td></tr>
 *   <tr><td>{urls}</td><td>the mirror URLs by host name (list)</td></tr>
 *   <tr><td>{literal_urls}</td><td>the mirror URLs by address (list)</td></tr>
 *   <tr><td>{resolve}</td><td>{@code host:address} pairs (list)</td></tr>
 *   <tr><td>{output}</td><td>the destination path</td></tr>
 *   <tr><td>{dir}</td><td>the destination folder</td></tr>
 *   <tr><td>{file}</td><td>the file name</td></tr>
 *   <tr><td>{sha256}</td><td>the signed SHA-256</td></tr>
 *   <tr><td>{size}</td><td>the signed size</td></tr>
 *   <tr><td>{plain_http}</td><td>{@code true} when the world serves some URL over plain HTTP (a scenario with
 *       {@code https: false} on a provider), else {@code false}: {@code drill get --allow-http={plain_http}}</td></tr>
 *   <tr><td>{dns_server}</td><td>the world's name server, {@code 127.0.0.1:PORT} (UDP), where the scenario's DNS
 *       faults act: {@code drill get --dns-server {dns_server}}</td></tr>
 *   <tr><td>{doh_url}</td><td>the same name server over HTTPS (DNS over HTTPS, its certificate from {@code {ca}}):
 *       {@code curl --doh-url {doh_url} --cacert {ca}}</td></tr>
 *   <tr><td>{source_address}</td><td>the loopback address this client connects from, its own where a fault counts
 *       per client ({@code 127.100.0.1}, ...), else {@code 127.0.0.1}: {@code curl --interface {source_address}},
 *       {@code drill get --bind-address {source_address}}</td></tr>
 * </table>
 *
 * <p>A template that passes {@code {dns_server}} or {@code {doh_url}} looks names up through the world, so the
 * scenario's {@code dns.*} faults reach it; one that does not is given addresses up front ({@code {resolve}},
 * {@code {literal_urls}}) and the run notes that they did not.
 */
public final class CommandTemplate implements SystemUnderTest {
    private final String template;
    private final Clock clock;

    /** The placeholders that expand to one argument each, anywhere in a word. */
    static final List<String> VALUES = List.of("{manifest}", "{trust}", "{ca}", "{output}", "{dir}", "{file}",
            "{sha256}", "{size}", "{plain_http}", "{dns_server}", "{doh_url}", "{source_address}");
    /** The placeholders that name the world's name server: a template with one looks names up through the world. */
    private static final List<String> NAME_SERVERS = List.of("{dns_server}", "{doh_url}");
    /**
     * The placeholders that expand to several arguments, one per item: as a word of its own, the items; inside a
     * word, the word once per item. One to a word.
     */
    static final List<String> LISTS = List.of("{manifests}", "{urls}", "{literal_urls}", "{resolve}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[A-Za-z_][A-Za-z0-9_]*}");
    /** A brace and a name with no closing brace after it: "{urls" as a word's end, or before a "/" or "-". */
    private static final Pattern LEFT_OPEN = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(?![A-Za-z0-9_}])");

    public CommandTemplate(String template, Clock clock) {
        problem(template).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        this.template = template.strip();
        this.clock = clock;
    }

    /**
     * What is wrong with a template, checked before anything runs: no command, a placeholder that does not exist
     * (it would reach the program as it is written, and every download would fail for a typo), one whose closing
     * brace is missing (the same, for want of a "}"), or two different list
     * placeholders in one word (which item of one goes with which of the other is not defined; the same one twice
     * takes the same item in both places). Empty when it can be used.
     */
    public static Optional<String> problem(String template) {
        Words split = Words.of(template);
        // First: a quote left open ("cmd:\"") may leave no command, and the quote is what to fix.
        if (split.unclosedQuoteAt() >= 0) {
            return Optional.of(("cmd: the %s at character %d of the template is never closed; quote a word with a "
                    + "space in it as a whole, e.g. '/opt/My Tools/dl'").formatted(
                    template.charAt(split.unclosedQuoteAt()), split.unclosedQuoteAt() + 1));
        }
        if (split.words().isEmpty() || split.words().getFirst().isBlank()) {
            return Optional.of("cmd: needs a command, e.g. cmd:my-downloader --out {output} {urls}");
        }
        for (String word : split.words()) {
            Matcher found = PLACEHOLDER.matcher(word);
            String list = null;
            while (found.find()) {
                String placeholder = found.group();
                if (LISTS.contains(placeholder)) {
                    if (list != null && !list.equals(placeholder)) {
                        return Optional.of(("cmd: '%s' holds two lists, %s and %s; a word may hold one, and is "
                                + "repeated once per item").formatted(word, list, placeholder));
                    }
                    list = placeholder;
                }
                if (!LISTS.contains(placeholder) && !VALUES.contains(placeholder)) {
                    return Optional.of("cmd: unknown placeholder %s%s; the placeholders are %s".formatted(placeholder,
                            closest(placeholder), String.join(" ", concat(VALUES, LISTS))));
                }
            }
            // A placeholder whose "}" was left out would reach the program as written. Only the placeholders' own
            // names: a brace before another word ({a:1} once its quotes are dropped) is the program's.
            Matcher open = LEFT_OPEN.matcher(word);
            while (open.find()) {
                String meant = "{" + open.group(1) + "}";
                if (LISTS.contains(meant) || VALUES.contains(meant)) {
                    return Optional.of("cmd: '%s' is never closed; write %s".formatted(word, meant));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * " (did you mean {urls}?)" for a placeholder {@linkplain EditDistance#close close} to one, or the start of just
     * one ({out} for {output}, {sha} for {sha256}); else nothing.
     */
    private static String closest(String written) {
        List<String> known = concat(VALUES, LISTS);
        String stem = written.substring(0, written.length() - 1); // "{out"
        List<String> started = stem.length() < 3 ? List.of()
                : known.stream().filter(k -> k.startsWith(stem)).toList();
        return EditDistance.closest(written, known).or(() -> started.size() == 1 ? Optional.of(started.getFirst())
                        : Optional.empty())
                .map(k -> " (did you mean " + k + "?)").orElse("");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Override
    public String name() {
        return "cmd:" + template;
    }

    /**
     * When the template passes the manifest as {@link #expand} expands it: {@code {manifest}} or
     * {@code {manifests}} anywhere in a word. Otherwise the downloader never sees it.
     */
    @Override
    public boolean readsTheSignedManifest() {
        return words(template).stream().anyMatch(word -> word.contains("{manifest}") || word.contains("{manifests}"));
    }

    /** When the template passes the mirrors or the manifest: {@code {urls}}, {@code {literal_urls}}, or as above. */
    @Override
    public boolean isToldWhereToDownloadFrom() {
        return readsTheSignedManifest() || words(template).stream()
                .anyMatch(word -> word.contains("{urls}") || word.contains("{literal_urls}"));
    }

    /** When the template passes the world's name server ({@code {dns_server}} or {@code {doh_url}}) to the program. */
    @Override
    public boolean looksUpNamesThroughTheWorld() {
        return words(template).stream().anyMatch(word -> NAME_SERVERS.stream().anyMatch(word::contains));
    }

    /** When the template passes {@code {source_address}}: faults scoped per client then tell it apart. */
    @Override
    public boolean connectsFromItsOwnAddress() {
        return words(template).stream().anyMatch(word -> word.contains("{source_address}"));
    }

    /**
     * The program a template runs, its first word as the command line is split ({@link Words}: quotes dropped);
     * empty for a template with no command.
     */
    public static String program(String template) {
        List<String> words = words(template);
        return words.isEmpty() ? "" : words.getFirst();
    }

    @Override
    public Optional<String> unavailable() {
        String program = program(template);
        if (program.contains("/")) {
            java.nio.file.Path path = java.nio.file.Path.of(program);
            // A folder has its x bit too, and would fail every download with "Permission denied".
            if (java.nio.file.Files.isDirectory(path)) {
                return Optional.of(program + " is a folder, not an executable file");
            }
            if (!java.nio.file.Files.isExecutable(path)) {
                return Optional.of(program + " is not an executable file");
            }
        } else if (Tools.find(program).isEmpty()) {
            return Optional.of(program + " is not on PATH");
        }
        return interpreter().flatMap(ScriptInterpreter::missingBeforeTheRun);
    }

    /**
     * The interpreter on the program's {@code #!} line, if it is a script: the file {@link #unavailable()} found
     * and {@link #expand} runs (a relative path from the harness's folder, a bare name on PATH).
     */
    private Optional<ScriptInterpreter> interpreter() {
        String program = program(template);
        Optional<java.nio.file.Path> file = program.contains("/") ? Optional.of(java.nio.file.Path.of(program))
                : Tools.find(program);
        return file.flatMap(path -> ScriptInterpreter.of(program, path));
    }

    /**
     * Whatever the program prints as the reference client's JSON event lines, so all of it may be reported; a
     * program that prints none leaves those numbers empty (never zero).
     */
    @Override
    public Set<Capability> reports() {
        return Capability.referenceEvents();
    }

    /** It may print no event line at all. */
    @Override
    public boolean mayReportNoChunks() {
        return true;
    }

    /** Nothing, for a download during which the program printed no event line: its numbers were never reported. */
    @Override
    public Set<Capability> reports(List<Observation> observed) {
        return observed.isEmpty() ? Set.of() : reports();
    }

    @Override
    public RunningDownload start(DownloadJob job, Consumer<Observation> observer) throws IOException {
        // The kernel looks for the interpreter from the folder the process is given, the download's, and says
        // "No such file or directory" of the script when it is not there: said here of the interpreter instead.
        Optional<String> missing = interpreter().flatMap(found -> found.missingIn(job.outputDir()));
        if (missing.isPresent()) {
            throw new IOException(missing.get());
        }
        return new ProcessDownload(job, name(), expand(template, job), clock,
                line -> Observations.ofJsonLine(line, clock.instant()), observer);
    }

    static List<String> expand(String template, DownloadJob job) throws IOException {
        Map<String, List<String>> lists = Map.of(
                "{manifests}", job.manifestUrls().stream().map(URI::toString).toList(),
                "{urls}", job.mirrorUrls().stream().map(URI::toString).toList(),
                "{literal_urls}", job.literalMirrorUrls().stream().map(URI::toString).toList(),
                // By name: the same run gives the same command line, whatever order the resolver's map keeps.
                "{resolve}", job.resolve().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + ":" + e.getValue().getHostAddress()).toList());
        Map<String, String> values = new java.util.HashMap<>(Map.of(
                "{manifest}", job.manifestUrls().isEmpty() ? "" : job.manifestUrls().getFirst().toString(),
                "{trust}", String.valueOf(job.trustStore()),
                "{ca}", String.valueOf(job.caCertificate()),
                "{output}", job.destination().toString(),
                "{dir}", job.outputDir().toString(),
                "{file}", job.fileName(),
                "{sha256}", job.sha256(),
                "{size}", Long.toString(job.size()),
                "{plain_http}", Boolean.toString(job.plainHttp()),
                "{source_address}", job.sourceAddress().map(InetAddress::getHostAddress).orElse("127.0.0.1")));
        List<String> words = new ArrayList<>(words(template));
        // Asked for only when the template names one: the world starts each server on first use.
        if (words.stream().anyMatch(word -> word.contains("{dns_server}"))) {
            InetSocketAddress server = nameServerOf(job, "{dns_server}", DownloadJob.Resolver::nameServer);
            values.put("{dns_server}", server.getAddress().getHostAddress() + ":" + server.getPort());
        }
        if (words.stream().anyMatch(word -> word.contains("{doh_url}"))) {
            values.put("{doh_url}", nameServerOf(job, "{doh_url}", DownloadJob.Resolver::dohUrl).toString());
        }
        List<String> command = new ArrayList<>();
        String program = words.getFirst();
        if (program.contains("/") && !java.nio.file.Path.of(program).isAbsolute()) {
            // The process runs in its download's folder ({dir}), where a relative path such as ./build/my-downloader
            // would name nothing: the program is the one unavailable() found, from the folder the harness runs in.
            words.set(0, java.nio.file.Path.of(program).toAbsolutePath().normalize().toString());
        }
        for (String word : words) {
            Optional<String> list = LISTS.stream().filter(word::contains).findFirst();
            if (list.isEmpty()) {
                command.add(withValues(word, values, Map.of()));
                continue;
            }
            // A list placeholder gives one argument per item: a word of its own is the items themselves, and a word
            // with more around it (--resolve={resolve}) is repeated once per item, for tools that want a flag each.
            for (String item : lists.get(list.get())) {
                command.add(withValues(word, values, Map.of(list.get(), item)));
            }
        }
        return command;
    }

    private static <T> T nameServerOf(DownloadJob job, String placeholder,
                                      java.util.function.Function<DownloadJob.Resolver, Optional<T>> server)
            throws IOException {
        Optional<T> found = job.resolver() == null ? Optional.empty() : server.apply(job.resolver());
        if (found.isEmpty()) {
            throw new IOException("cmd: %s names the world's name server, and this run has none (its addresses are "
                    .formatted(placeholder) + "a fixed table: use {resolve} or {literal_urls})");
        }
        return found.get();
    }

    /**
     * The word with each placeholder replaced in one pass over the word as written, so a value that holds
     * placeholder text itself (a folder named {@code out{size}}) reaches the program as it is, not expanded again.
     */
    private static String withValues(String word, Map<String, String> values, Map<String, String> item) {
        return PLACEHOLDER.matcher(word).replaceAll(found -> {
            String placeholder = found.group();
            String value = item.getOrDefault(placeholder, values.get(placeholder));
            return Matcher.quoteReplacement(value == null ? placeholder : value);
        });
    }

    /** The template's words, as the command line is split: on whitespace outside quotes ({@link Words}). */
    private static List<String> words(String template) {
        return Words.of(template).words();
    }

    /**
     * A template split into words as a shell would split it without expanding anything: on whitespace, except
     * inside {@code '...'} or {@code "..."}, whose quotes are dropped ({@code '/opt/My Tools/dl'} is one word,
     * {@code --header="X: y"} is {@code --header=X: y}). Split on whitespace alone, a program in a folder with a
     * space in its name could not be named at all. {@code unclosedQuoteAt} is the index of a quote that is never
     * closed, or -1.
     */
    record Words(List<String> words, int unclosedQuoteAt) {
        static Words of(String template) {
            List<String> words = new ArrayList<>();
            StringBuilder word = null;
            char quote = 0;
            int openedAt = -1;
            for (int i = 0; i < template.length(); i++) {
                char c = template.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        word.append(c);
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                    openedAt = i;
                    word = word == null ? new StringBuilder() : word;
                } else if (Character.isWhitespace(c)) {
                    if (word != null) {
                        words.add(word.toString());
                        word = null;
                    }
                } else {
                    word = word == null ? new StringBuilder() : word;
                    word.append(c);
                }
            }
            if (word != null) {
                words.add(word.toString());
            }
            return new Words(List.copyOf(words), quote != 0 ? openedAt : -1);
        }
    }
}
