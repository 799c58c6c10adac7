package io.outagedrill.client.cli;

import io.outagedrill.client.ByteSize;
import io.outagedrill.client.ClientException;
import io.outagedrill.client.IoErrors;
import io.outagedrill.client.job.ExitCodes;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestKeys;
import io.outagedrill.client.manifest.ManifestRejectedException;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.client.manifest.ManifestVerifier;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.publish.ManifestDraft;
import io.outagedrill.client.publish.PublishedVersions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code manifest create}: hashes a file and writes its manifest, signed in the same step when given a key. */
// Not mixinStandardHelpOptions: its -V/--version would clash with --version N|auto below, and picocli then drops
// the whole mixin, -h/--help with it. Help is declared here; the program's version is `drill --version`.
@Command(name = "create", sortOptions = false,
        description = {"Hash FILE (whole and per chunk, streamed) and write its manifest: the JSON, or with --key the "
                + "signed JWS a client downloads. Automatic versions never go backwards: the last one published per "
                + "file is kept beside the key (KEY.published.json)."})
final class ManifestCreateCommand extends ManifestSubcommand {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to publish.")
    Path file;

    @Option(names = "--mirror", required = true, paramLabel = "URL[,provider=P][,group=G][,region=R][,priority=N][,status=URL]",
            converter = MirrorConverter.class,
            description = {"A URL the file is served at, in the order clients should try them (repeat the option).",
                    "provider defaults to the host's second-level label (v.fastly.example: fastly); group (the "
                            + "failure domain) defaults to the provider; status is the provider's Statuspage base URL."})
    List<Mirror> mirrors = new ArrayList<>();

    @Option(names = "--chunk-size", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "Bytes per verified chunk (default 4MiB, larger for files that would need more than "
                    + "12000 chunk hashes).")
    Long chunkSize;

    @Mixin
    ManifestIssueOptions issue;

    @Option(names = "--version", paramLabel = "N|auto", defaultValue = "auto",
            description = "The manifest version (default ${DEFAULT-VALUE}: one more than the last published with "
                    + "this key, which needs --key).")
    String version;

    @Option(names = "--name", paramLabel = "NAME", description = "The file name clients save (default: FILE's name).")
    String name;

    @Option(names = "--mime-type", paramLabel = "TYPE", defaultValue = "", description = "The media type, e.g. video/mp4.")
    String mimeType;

    @Option(names = "--alternate", paramLabel = "NAME=FILE[,description=TEXT]",
            description = "A degraded variant (\"720p=movie-720p.mp4\"), served beside FILE on every mirror "
                    + "(the same URLs with the last path segment replaced). Repeat for several.")
    List<String> alternates = new ArrayList<>();

    @Option(names = "--key", paramLabel = "PRIVATE.jwk", description = "Sign with this key and write the JWS.")
    Path keyFile;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT",
            description = "Where to write the manifest: the JWS with --key, else the JSON.")
    Path outFile;

    Clock clock = Clock.systemUTC();

    @Override
    int run() {
        // Before hashing, which takes a while for a large file: what cannot be read or written is named now.
        InputFiles.require(spec.commandLine(), "FILE", file);
        InputFiles.requireIfGiven(spec.commandLine(), "--key", keyFile);
        OutputFiles.requireFolder(spec.commandLine(), "-o", outFile);
        List<AlternateOption> alternateFiles = alternates.stream().map(this::alternate).toList();
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("FILE", file);
        inputs.put("--key", keyFile);
        alternateFiles.forEach(alternate -> inputs.put("--alternate " + alternate.name(), alternate.file()));
        OutputFiles.requireNotAnInput(spec.commandLine(), "-o", outFile, inputs);
        // The manifest's own rules, before hashing: after it they would refuse the manifest (exit 3) without naming
        // the option to change.
        for (Mirror mirror : mirrors) {
            try {
                mirror.checkUrls(issue.allowHttp);
            } catch (ManifestRejectedException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--mirror " + mirror.url() + ": "
                        + e.getMessage() + ("http".equalsIgnoreCase(mirror.url().getScheme())
                        || mirror.status() != null && "http".equalsIgnoreCase(mirror.status().getScheme())
                        ? " (--allow-http allows it, for loopback test manifests only)" : ""));
            }
        }
        ManifestJson.Options options = issue.json();
        ManifestSigner signer = keyFile == null ? null : new ManifestSigner(ManifestKeys.readPrivate(keyFile), options);
        PublishedVersions published = keyFile == null ? null : PublishedVersions.besideKey(keyFile);
        String fileName = name != null ? name : file.getFileName().toString();
        ManifestVerifier.fileNameProblem(fileName, name != null ? "--name" : "FILE's name").ifPresent(problem -> {
            throw new CommandLine.ParameterException(spec.commandLine(), name != null ? problem
                    : problem + " (a manifest's file name; give another with --name)");
        });
        long manifestVersion = manifestVersion(published, fileName);

        ManifestDraft draft = ManifestDraft.of(file).name(fileName).mimeType(mimeType).mirrors(mirrors)
                .expires(issue.expiresFrom(clock.instant())).version(manifestVersion);
        if (chunkSize != null) {
            requireChunkSizeFits(file, "FILE");
            for (AlternateOption alternate : alternateFiles) {
                requireChunkSizeFits(alternate.file(), "--alternate " + alternate.name());
            }
            draft.chunkSize(chunkSize);
        }
        for (AlternateOption alternate : alternateFiles) {
            draft.alternate(alternate.name(), alternate.description(), alternate.file(),
                    ManifestDraft.sameFolder(mirrors, alternate.file().getFileName().toString()));
        }
        long started = System.nanoTime();
        Manifest manifest;
        try {
            manifest = draft.build(options);
        } catch (IOException e) {
            throw new ClientException("cannot hash %s: %s".formatted(file, IoErrors.describe(e)), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        int chunks = manifest.target().chunkCount();
        out().printf("hashed %s: %s in %s, %s%n", file, ByteSize.format(manifest.target().size()),
                chunks == 1 ? "one chunk" : "%d chunks of %s".formatted(chunks,
                        ByteSize.format(manifest.target().chunkSize())), rate(manifest, took));

        byte[] written = signer == null ? ManifestJson.write(manifest)
                : (signer.sign(manifest) + "\n").getBytes(StandardCharsets.US_ASCII);
        if (published != null && version.equals("auto")) {
            // The version was picked before hashing: claimed only if no other run published it meanwhile.
            try {
                published.publishNew(manifest.file(), manifest.version(), clock.instant(),
                        () -> OutputFiles.replace(outFile, written));
            } catch (PublishedVersions.Taken taken) {
                throw new ClientException(taken.getMessage(), taken);
            }
        } else if (published != null) {
            published.publish(manifest.file(), manifest.version(), clock.instant(),
                    () -> OutputFiles.replace(outFile, written));
        } else {
            OutputFiles.replace(outFile, written);
        }
        if (signer == null) {
            out().printf("wrote %s version %d, unsigned (sign it with `manifest sign`), expires %s: %s%n",
                    manifest.file(), manifest.version(), manifest.expires(), outFile);
        } else {
            out().printf("signed %s version %d with key \"%s\" (%s), expires %s: %s%n", manifest.file(),
                    manifest.version(), signer.keyId(), signer.algorithm(), manifest.expires(), outFile);
        }
        return ExitCodes.OK;
    }

    private long manifestVersion(PublishedVersions published, String fileName) {
        if (version.equals("auto")) {
            if (published == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--version auto keeps the last "
                        + "published version beside the signing key: give --key, or a version with --version N");
            }
            return published.next(fileName);
        }
        long explicit;
        try {
            explicit = Long.parseLong(version);
        } catch (NumberFormatException e) {
            explicit = -1;
        }
        if (explicit < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--version: expected a whole number of 0 or more, or auto, saw '" + version + "'");
        }
        if (published != null) {
            try {
                published.checkNotBelow(fileName, explicit);
            } catch (PublishedVersions.Below below) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--version: " + below.getMessage());
            }
        }
        return explicit;
    }

    /** A --chunk-size too small for {@code input} is the option's usage error, not exit 1 naming neither. */
    private void requireChunkSizeFits(Path input, String what) {
        long size;
        try {
            size = Files.size(input);
        } catch (IOException e) {
            throw new ClientException("cannot read %s: %s".formatted(input, IoErrors.describe(e)), e);
        }
        ManifestDraft.chunkSizeProblem(size, chunkSize).ifPresent(problem -> {
            throw new CommandLine.ParameterException(spec.commandLine(), "--chunk-size: %s %s: %s"
                    .formatted(what, input, problem));
        });
    }

    /** An {@code --alternate} value, read: {@code NAME=FILE[,description=TEXT]}. */
    private record AlternateOption(String name, String description, Path file) {
    }

    private AlternateOption alternate(String value) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--alternate: expected NAME=FILE[,description=TEXT], saw '" + value + "'");
        }
        String altName = value.substring(0, eq);
        String rest = value.substring(eq + 1);
        String description = "";
        int desc = rest.indexOf(",description=");
        if (desc >= 0) {
            description = rest.substring(desc + ",description=".length());
            rest = rest.substring(0, desc);
        }
        Path altFile = Path.of(rest);
        InputFiles.require(spec.commandLine(), "--alternate " + altName, altFile);
        return new AlternateOption(altName, description, altFile);
    }

    private static String rate(Manifest manifest, Duration took) {
        double seconds = Math.max(took.toNanos(), 1) / 1e9;
        return "%.1f s (%s/s)".formatted(seconds, ByteSize.format((long) (manifest.target().size() / seconds)));
    }
}
