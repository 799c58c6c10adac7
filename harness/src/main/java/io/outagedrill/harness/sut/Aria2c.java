package io.outagedrill.harness.sut;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * aria2c with every mirror on one command line and the whole-file SHA-256 to check.
 * aria2 has no per-host resolve option, and its {@code --async-dns-server} takes an address but no port: where this
 * process may bind port 53 ({@link Port53}) and aria2c's resolver asks for IPv4 addresses ({@link #asksForIpv4}) it
 * asks the world's name server there, by the mirrors' names, so the scenario's DNS faults reach it; elsewhere it gets
 * the mirrors by address (the test certificates carry those addresses) and never looks a name up. Profiles:
 * {@code default} (aria2's own defaults) and {@code tuned} (more connections, short timeouts, a minimum speed and
 * retry waits, what a team would set after reading the manual), named by the client group's {@code policy} or
 * {@code --policy} (or the option {@code profile}); a scenario can add raw flags with the option {@code flags}.
 */
public final class Aria2c implements SystemUnderTest {
    static final Map<String, List<String>> PROFILES = Map.of(
            "default", List.of(),
            "tuned", List.of("--split=4", "--max-connection-per-server=2", "--min-split-size=1M",
                    "--connect-timeout=5", "--timeout=5", "--max-tries=3", "--retry-wait=1",
                    "--lowest-speed-limit=16K", "--uri-selector=adaptive"));

    /** The profile names, {@code default} first (alphabetically too): what {@code policy} means for aria2c. */
    public static final List<String> PROFILE_NAMES = PROFILES.keySet().stream().sorted().toList();

    private final Clock clock;

    public Aria2c(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "aria2c";
    }

    /** It is given the mirrors' URLs and the signed SHA-256 as --checksum, never the manifest. */
    @Override
    public boolean readsTheSignedManifest() {
        return false;
    }

    /** Nothing while it runs: its console output is not parsed, so it is judged by its exit code and file. */
    @Override
    public Set<Capability> reports() {
        return Set.of();
    }

    @Override
    public Optional<String> unavailable() {
        return Tools.missing("aria2c", "aria2");
    }

    /** {@code --interface} with the job's source address when it has one. */
    @Override
    public boolean connectsFromItsOwnAddress() {
        return true;
    }

    /**
     * Where port 53 may be bound here, for the world's name server that {@code --async-dns-server} names, and aria2c
     * asks it for the world's (IPv4) addresses.
     */
    @Override
    public boolean looksUpNamesThroughTheWorld() {
        return asksTheWorld();
    }

    /** When the group's own aria2c flags ({@code flags}) take it from the world's name server ({@link #ownResolver}). */
    @Override
    public Optional<String> keptFromTheWorld(Map<String, ?> options) {
        return ownResolver(userFlags(options));
    }

    /**
     * What is wrong with a group's aria2c {@code options} as its scenario file is read, in words; empty when nothing
     * is: flags aria2c would misread ({@link #ownResolver}), said where they are written instead of when the run
     * starts its first aria2c.
     */
    public static Optional<String> optionsProblem(Map<String, ?> options) {
        try {
            ownResolver(userFlags(options));
            return Optional.empty();
        } catch (IllegalArgumentException misread) {
            return Optional.of(misread.getMessage());
        }
    }

    /** The scenario's own flags ({@code flags}), split as the command line takes them; none when not given. */
    private static List<String> userFlags(Map<String, ?> options) {
        Object extra = options.get("flags");
        return extra == null || String.valueOf(extra).isBlank() ? List.of()
                : Arrays.asList(String.valueOf(extra).trim().split("\\s+"));
    }

    /**
     * Why {@code flags} (the scenario's, which come after the harness's and win, as they do over the profile's) keep
     * aria2c from the world's name server, in words; empty when they do not. Read as aria2c reads its command line:
     * the last {@code --async-dns} and the last {@code --async-dns-server} win. {@code --async-dns=false} makes it
     * ask the system's resolver; a {@code --async-dns-server} of the user's replaces the world's. Either way the
     * scenario's DNS faults cannot reach it, so it is not pointed there: it is given the mirrors by address, and the
     * run's notes say the faults did not reach it.
     *
     * @throws IllegalArgumentException for {@code --async-dns true} or {@code false} (a separate word): aria2c takes
     *                                  no separate value for that option, and reads the word as a URL to download
     */
    static Optional<String> ownResolver(List<String> flags) {
        String asyncDns = null;
        String server = null;
        for (int i = 0; i < flags.size(); i++) {
            String flag = flags.get(i);
            if (flag.equals("--async-dns") || flag.startsWith("--async-dns=")) {
                if (flag.equals("--async-dns") && i + 1 < flags.size()
                        && (flags.get(i + 1).equals("true") || flags.get(i + 1).equals("false"))) {
                    throw new IllegalArgumentException(("aria2c flags '%s': aria2c takes '--async-dns %s' as "
                            + "--async-dns (on) and a URL '%s' to download, which fails every download; write "
                            + "--async-dns=%s").formatted(String.join(" ", flags), flags.get(i + 1),
                            flags.get(i + 1), flags.get(i + 1)));
                }
                asyncDns = flag;
            } else if (flag.startsWith("--async-dns-server=")) {
                server = flag;
            } else if (flag.equals("--async-dns-server") && i + 1 < flags.size()) {
                server = flag + " " + flags.get(++i);
            }
        }
        if ("--async-dns=false".equals(asyncDns)) {
            return Optional.of("its flags turn async DNS off (--async-dns=false), so it asks the system's resolver");
        }
        if (server != null) {
            return Optional.of("its flags name a DNS server of their own (%s), which wins over the world's"
                    .formatted(server));
        }
        return Optional.empty();
    }

    private static boolean asksTheWorld() {
        return Port53.bindable() && asksForIpv4(configuredAddresses());
    }

    /**
     * Whether aria2c's own resolver asks for A records on a host whose interfaces hold {@code configured}. It asks
     * for a family only where some interface holds an address of it other than loopback (IPv4: any but 127.0.0.1;
     * IPv6: any but ::1 and link-local), so on a host with loopback alone (a container without a network) it asks
     * for nothing and every name fails with "No address returned"; with IPv6 alone it asks for AAAA records, which
     * the world (IPv4 loopback addresses only) does not have.
     */
    static boolean asksForIpv4(List<InetAddress> configured) {
        return configured.stream().anyMatch(address -> address instanceof java.net.Inet4Address
                && !Arrays.equals(address.getAddress(), new byte[] {127, 0, 0, 1}));
    }

    /** Every address of every interface, as aria2c reads them (up or down); none when they cannot be read. */
    private static List<InetAddress> configuredAddresses() {
        try {
            return java.net.NetworkInterface.networkInterfaces()
                    .flatMap(java.net.NetworkInterface::inetAddresses).toList();
        } catch (java.net.SocketException unreadable) {
            return List.of(); // aria2c cannot read them either, and then asks for nothing
        }
    }

    /** The {@code profile} option, else the job's policy (the fleet gives aria2c only names it takes). */
    static String profile(DownloadJob job) {
        return job.options().getOrDefault("profile", job.policy());
    }

    @Override
    public RunningDownload start(DownloadJob job, Consumer<Observation> observer) throws IOException {
        return new ProcessDownload(job, name(), command(job), clock, line -> Optional.empty(), observer);
    }

    /** The command line for {@code job}: its profile's flags, then the scenario's own {@code flags}. */
    static List<String> command(DownloadJob job) {
        return command(job, asksTheWorld());
    }

    /** {@link #command(DownloadJob)} where aria2c asks the world's name server on port 53 ({@code port53}) or not. */
    static List<String> command(DownloadJob job, boolean port53) {
        String profile = profile(job);
        List<String> flags = PROFILES.get(profile);
        if (flags == null) {
            throw new IllegalArgumentException("unknown aria2c profile '%s'; expected one of %s"
                    .formatted(profile, PROFILE_NAMES));
        }
        List<String> userFlags = userFlags(job.options());
        Optional<InetAddress> nameServer = job.resolver() != null && port53 && ownResolver(userFlags).isEmpty()
                ? job.resolver().nameServerOnPort53() : Optional.empty();
        List<String> command = new ArrayList<>(List.of("aria2c", "--dir=" + job.outputDir(), "--out=" + job.fileName(),
                "--checksum=sha-256=" + job.sha256(), "--ca-certificate=" + job.caCertificate(),
                "--allow-overwrite=true", "--auto-file-renaming=false", "--summary-interval=0",
                "--console-log-level=warn", "--no-conf=true",
                // Its default gives a file over 5 MiB its full size at the start, and the runner follows that size
                // for the progress steps (aria2c reports no chunks): every atProgress step fired at once.
                "--file-allocation=none"));
        // Before the profile's and the scenario's flags, so that those still win.
        command.addAll(nameServer.map(address -> List.of("--async-dns=true",
                "--async-dns-server=" + address.getHostAddress())).orElse(List.of("--async-dns=false")));
        job.sourceAddress().ifPresent(address -> command.add("--interface=" + address.getHostAddress()));
        command.addAll(flags);
        command.addAll(userFlags);
        // By name where aria2c asks the world's name server; by address (the certificates carry them) otherwise.
        (nameServer.isPresent() ? job.mirrorUrls() : job.literalMirrorUrls()).stream().map(URI::toString)
                .forEach(command::add);
        return command;
    }
}
