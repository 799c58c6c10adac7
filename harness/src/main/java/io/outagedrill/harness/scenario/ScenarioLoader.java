package io.outagedrill.harness.scenario;

import com.fasterxml.jackson.databind.JsonNode;

import io.outagedrill.client.EditDistance;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads scenario files. Four passes, each reporting at file:line:column and field:
 * <ol>
 *   <li>YAML, read into a tree that remembers where each value and key sits ({@link LocatedYaml}); syntax
 *       errors and duplicate keys stop here;</li>
 *   <li>the JSON Schema ({@code scenario.schema.json}): unknown fields, types, required fields, kinds,
 *       value syntaxes; every error is reported;</li>
 *   <li>the model ({@link ScenarioReader}): defaults, durations, sizes, clock times;</li>
 *   <li>cross-references ({@link ScenarioChecker}): providers, files, fault ids, the timeline's order.</li>
 * </ol>
 */
public final class ScenarioLoader {
    /**
     * The largest scenario file read, comments included: the repository's largest is about 2 KB. A bigger file is
     * not a scenario (a wrong file, a generated loop gone wrong), and the YAML parser would take seconds and
     * gigabytes to refuse it at its own limit (3,145,728 code points).
     */
    public static final long MAX_FILE_BYTES = 1024 * 1024;

    private ScenarioLoader() {
    }

    /** Loads one file; its {@code name} must be the file's name without {@code .yaml}. */
    public static Scenario load(Path file) {
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw new ScenarioException(new ScenarioException.Problem(file.toString(), 0, 0, "",
                        "a folder, not a scenario file (scenario files are YAML files directly in the scenarios "
                                + "folder)"));
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ScenarioException(new ScenarioException.Problem(file.toString(), 0, 0, "",
                        "too large for a scenario file: %d bytes, the limit is %d (1 MiB)".formatted(size,
                                MAX_FILE_BYTES)));
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            // Files.readString says only "MalformedInputException: Input length = 1".
            throw new ScenarioException(new ScenarioException.Problem(file.toString(), 0, 0, "",
                    "not UTF-8 text; scenario files are read as UTF-8 (save it as UTF-8)"));
        } catch (IOException e) {
            throw new ScenarioException(new ScenarioException.Problem(file.toString(), 0, 0, "",
                    "cannot read: " + e));
        }
        Path folder = file.toAbsolutePath().getParent();
        return parse(file.toString(), baseName(file), text, folder != null ? folder : Path.of("").toAbsolutePath());
    }

    /**
     * The scenario of that name among the ones built into the harness (the repository's {@code scenarios/}, on the
     * class path as {@code /scenarios/NAME.yaml}), for a build or a test that has no folder of its own.
     */
    public static Optional<Scenario> builtIn(String name) {
        return builtInText(name).map(text -> parse(name + ".yaml", name, text));
    }

    /**
     * The names of the built-in scenarios, sorted, from every {@code scenarios/} folder on the class path (a folder
     * in a build's output, or a jar's entries): what a misspelt name is matched against when it is in no folder of
     * the user's either. Empty when none can be listed.
     */
    public static List<String> builtInNames() {
        TreeSet<String> names = new TreeSet<>();
        try {
            Enumeration<URL> folders = ScenarioLoader.class.getClassLoader().getResources("scenarios");
            while (folders.hasMoreElements()) {
                names.addAll(builtInNamesIn(folders.nextElement()));
            }
        } catch (IOException | URISyntaxException | RuntimeException unlisted) {
            // Only suggestions depend on the list: a name is still found or refused by builtIn(name).
        }
        return List.copyOf(names);
    }

    /**
     * The scenario names directly in one class path {@code scenarios/} folder: a directory's files or a jar's
     * entries.
     */
    static List<String> builtInNamesIn(URL folder) throws IOException, URISyntaxException {
        if (folder.getProtocol().equals("file")) {
            return names(Path.of(folder.toURI()));
        }
        if (!(folder.openConnection() instanceof JarURLConnection connection)) {
            return List.of();
        }
        connection.setUseCaches(false); // a cached JarFile is shared with the class loader, which must keep it open
        try (JarFile jar = connection.getJarFile()) {
            return jar.stream().map(JarEntry::getName)
                    .filter(entry -> entry.startsWith("scenarios/") && entry.indexOf('/', "scenarios/".length()) < 0
                            && isScenarioFileName(entry))
                    .map(entry -> baseName(Path.of(entry))).toList();
        }
    }

    /**
     * " (did you mean 'fastly-2021-06-08'?)" for a scenario name close to one in {@code folders} (those that are not
     * folders, or cannot be read, are skipped) or, with {@code withBuiltIns}, to a built-in one; else nothing. Only
     * where the name was looked for: a suggestion the same lookup would not find misleads.
     */
    public static String didYouMean(String name, List<Path> folders, boolean withBuiltIns) {
        Set<String> known = new TreeSet<>(withBuiltIns ? builtInNames() : List.of());
        for (Path folder : folders) {
            if (Files.isDirectory(folder)) {
                try {
                    known.addAll(names(folder));
                } catch (IOException unreadable) {
                    // the other folders' and the built-in names still count
                }
            }
        }
        return EditDistance.closest(name, known).map(match -> " (did you mean '" + match + "'?)").orElse("");
    }

    /** The text of the built-in scenario of that name, for a caller that changes it before parsing. */
    public static Optional<String> builtInText(String name) {
        String resource = "/scenarios/" + name + ".yaml";
        try (InputStream in = ScenarioLoader.class.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ScenarioException(new ScenarioException.Problem(resource, 0, 0, "", "cannot read: " + e));
        }
    }

    /**
     * Loads every {@code *.yaml} / {@code *.yml} file directly in {@code dir}, sorted by name. Reports the
     * problems of all bad files at once, a name with both a {@code .yaml} and a {@code .yml} file among them.
     */
    public static List<Scenario> loadAll(Path dir) {
        Loaded folder = loadEach(dir);
        if (!folder.problems().isEmpty()) {
            throw new ScenarioException(folder.problems());
        }
        return folder.scenarios();
    }

    /** The scenarios of a folder that load, and the problems of those that do not. */
    public record Loaded(List<Scenario> scenarios, List<ScenarioException.Problem> problems) {
        public Loaded {
            scenarios = List.copyOf(scenarios);
            problems = List.copyOf(problems);
        }
    }

    /**
     * Every scenario file in {@code dir}, each loaded on its own: one broken file does not hide the others.
     *
     * @throws ScenarioException only when the folder itself cannot be listed
     */
    public static Loaded loadEach(Path dir) {
        List<Path> files;
        try {
            files = files(dir);
        } catch (IOException e) {
            String why = e instanceof NoSuchFileException ? "no such folder of scenarios"
                    : e instanceof NotDirectoryException ? "not a folder (a folder of scenario files was expected)"
                    : "cannot list: " + e;
            throw new ScenarioException(new ScenarioException.Problem(dir.toString(), 0, 0, "", why));
        }
        List<Scenario> scenarios = new ArrayList<>();
        List<ScenarioException.Problem> problems = new ArrayList<>();
        Map<String, List<Path>> byName = files.stream()
                .collect(Collectors.groupingBy(ScenarioLoader::baseName, TreeMap::new, Collectors.toList()));
        for (List<Path> named : byName.values()) {
            try {
                if (named.size() > 1) {
                    throw twoFiles(named);
                }
                scenarios.add(load(named.getFirst()));
            } catch (ScenarioException e) {
                problems.addAll(e.problems());
            }
        }
        return new Loaded(scenarios, problems);
    }

    /**
     * {@code NAME.yaml} and {@code NAME.yml} side by side: one scenario name, two files. Taking both ran and listed
     * the scenario twice; taking one would run a file the user may not be editing. Neither is taken.
     */
    private static ScenarioException twoFiles(List<Path> files) {
        return new ScenarioException(new ScenarioException.Problem(files.getLast().toString(), 0, 0, "",
                ("scenario '%s' has two files, %s and %s: keep one (a scenario is named by its file's name without "
                        + ".yaml or .yml)").formatted(baseName(files.getFirst()), files.getFirst(), files.getLast())));
    }

    /**
     * The scenario files directly in {@code dir}, sorted: each {@code *.yaml} / {@code *.yml} file. A folder of such
     * a name is left out: it holds no scenario (asked for by name, {@link #load} says it is a folder).
     */
    public static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(p -> isScenarioFileName(p.toString()) && !Files.isDirectory(p)).sorted().toList();
        }
    }

    /**
     * The file of the scenario named {@code name} in {@code dir}: {@code NAME.yaml} or {@code NAME.yml}, the one
     * {@link #files} lists under that name. When neither is a file but one exists (a folder), that one, for
     * {@link #load} to say what it is; empty when neither exists.
     *
     * @throws ScenarioException naming both files when both are there
     */
    public static Optional<Path> fileNamed(Path dir, String name) {
        List<Path> candidates = List.of(dir.resolve(name + ".yaml"), dir.resolve(name + ".yml"));
        List<Path> files = candidates.stream().filter(Files::isRegularFile).toList();
        if (files.size() > 1) {
            throw twoFiles(files);
        }
        return files.stream().findFirst().or(() -> candidates.stream().filter(Files::exists).findFirst());
    }

    /**
     * The names of the scenarios in {@code dir}, sorted, each once: its {@link #files}' names without
     * {@code .yaml} / {@code .yml}, the names {@link #fileNamed} finds them by.
     */
    public static List<String> names(Path dir) throws IOException {
        return files(dir).stream().map(ScenarioLoader::baseName).distinct().sorted().toList();
    }

    /** Whether {@code name} is a scenario file's name or path ({@code *.yaml}, {@code *.yml}), not a scenario's. */
    public static boolean isScenarioFileName(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /**
     * Loads a scenario from text. {@code fileName} is used in messages only; {@code expectedName} (null
     * to skip) is what {@code name} must say. A file's relative {@code path} is taken from the working directory.
     */
    public static Scenario parse(String fileName, String expectedName, String text) {
        return parse(fileName, expectedName, text, Path.of("").toAbsolutePath());
    }

    /** As {@link #parse(String, String, String)}, with a file's relative {@code path} taken from {@code folder}. */
    public static Scenario parse(String fileName, String expectedName, String text, Path folder) {
        LocatedYaml yaml;
        try {
            yaml = LocatedYaml.parse(text);
        } catch (LocatedYaml.SyntaxError e) {
            throw new ScenarioException(new ScenarioException.Problem(fileName, e.position.line(),
                    e.position.column(), field(e.pointer), e.getMessage()));
        }
        JsonNode root = yaml.root();
        if (!root.isObject()) {
            throw problem(fileName, yaml, "", false, "expected a scenario (a YAML mapping of fields), saw " + root);
        }
        List<ScenarioException.Problem> problems = new ArrayList<>();
        for (SchemaCheck.Issue issue : SchemaCheck.validate(root)) {
            problems.add(at(fileName, yaml, issue.pointer(), issue.atKey(), issue.message()));
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
        Scenario scenario;
        try {
            scenario = ScenarioReader.read(root, folder);
        } catch (Fields.Bad bad) {
            throw problem(fileName, yaml, bad.pointer, false, bad.getMessage());
        }
        if (expectedName != null && !expectedName.equals(scenario.name())) {
            problems.add(at(fileName, yaml, "/name", false, "expected the file's name \"" + expectedName
                    + "\", saw \"" + scenario.name() + "\" (rename one so they match)"));
        }
        for (ScenarioChecker.Issue issue : ScenarioChecker.check(scenario)) {
            problems.add(at(fileName, yaml, issue.pointer(), issue.atKey(), issue.message()));
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
        return scenario;
    }

    private static ScenarioException problem(String file, LocatedYaml yaml, String pointer, boolean atKey,
                                             String message) {
        return new ScenarioException(at(file, yaml, pointer, atKey, message));
    }

    private static ScenarioException.Problem at(String file, LocatedYaml yaml, String pointer, boolean atKey,
                                                String message) {
        LocatedYaml.Position position = atKey ? yaml.keyAt(pointer) : yaml.valueAt(pointer);
        return new ScenarioException.Problem(file, position.line(), position.column(), field(pointer), message);
    }

    /** {@code /timeline/2/apply/code} as users write it: {@code timeline[2].apply.code}. */
    static String field(String pointer) {
        StringBuilder field = new StringBuilder();
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            String name = part.replace("~1", "/").replace("~0", "~");
            if (name.chars().allMatch(Character::isDigit)) {
                field.append('[').append(name).append(']');
            } else {
                field.append(field.isEmpty() ? "" : ".").append(name);
            }
        }
        return field.toString();
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
