package io.outagedrill.harness.cli;

import io.outagedrill.client.ByteSize;
import io.outagedrill.fakes.content.FileOnDisk;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.content.ServedFile;
import io.outagedrill.fakes.manifest.ManifestReplica;
import io.outagedrill.fakes.topology.Provider;
import io.outagedrill.fakes.topology.ProviderBackend;
import io.outagedrill.fakes.topology.Topology;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code up} prints: plain words first, then commands to paste. With {@code realServers} (the containers
 * world) the providers are servers in containers, which the admin API's HTTP faults do not reach (Varnish edges
 * aside), so no such example is printed for them.
 */
record TopologyReport(Topology topology, boolean realServers, String drill, PrintStream out) {
    /** The key id and file stem the printed own-key commands use. */
    private static final String OWN_KEY = "my-key";

    /**
     * The launcher as the printed commands call it from {@code workingFolder}: {@code ./drill} in the launcher's own
     * folder ({@code drillHome}, which the launcher exports as DRILL_HOME) and where it is unknown, else its absolute
     * path. A {@code topology up --file} started beside the user's file printed {@code ./drill}, which is not there.
     */
    static String launcher(String drillHome, Path workingFolder) {
        if (drillHome == null || drillHome.isEmpty()) {
            return "./drill";
        }
        Path home = Path.of(drillHome).toAbsolutePath().normalize();
        if (home.equals(workingFolder.toAbsolutePath().normalize())) {
            return "./drill";
        }
        return shellWord(home.resolve("drill").toString());
    }

    /**
     * {@code word} as one word of a pasted command: as it is when it holds only the usual path characters, else
     * quoted for a shell (a space, say: the user's own file may be anywhere).
     */
    static String shellWord(String word) {
        return word.matches("[A-Za-z0-9/._+,=:@-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    void print() {
        ServedFile file = topology.files().getFirst();
        String name = file.name();
        out.printf("topology up, seed %d, %s%n", topology.seed(), schemes());
        out.printf("file %s: %d bytes, SHA-256 %s%n", name, file.size(), file.sha256());
        switch (file) {
            case FileOnDisk onDisk -> out.printf("  your file %s, served from disk as it is%s; its manifest is "
                    + "signed as it was hashed at start, in chunks of %s: change the file and clients refuse it "
                    + "(restart to publish it again)%n", onDisk.path(), realServers ? " (the nginx containers mount "
                    + "it read-only where it lies; an S3Proxy store serves the copy put into it at start)" : "",
                    ByteSize.format(onDisk.chunkSize()));
            case GeneratedFile generated -> {
                // Its bytes follow from the seed printed above: nothing more to say.
            }
        }
        out.println();

        out.println("providers (each reached through its own fault proxy, which listens on the provider's address):");
        if (realServers) {
            out.println("  real servers in Docker containers with host networking: nginx (Varnish for an edge cache, "
                    + "S3Proxy for an S3Proxy store), the fault proxy a container too");
        }
        List<URI> urls = topology.mirrorUrls(name);
        List<Provider> providers = topology.providers();
        for (int i = 0; i < providers.size(); i++) {
            Provider p = providers.get(i);
            out.printf("  %-11s %s  at %s:%d  (%s, group %s%s%s%s)%n", p.name(), urls.get(i),
                    p.address().getAddress().getHostAddress(), p.address().getPort(), p.kind(), p.group(),
                    p.region().isEmpty() ? "" : ", region " + p.region(),
                    p.isEdge() ? ", edge cache of " + p.edgeOf() : "",
                    p.backend() != ProviderBackend.S3PROXY ? ""
                            : realServers ? ", S3Proxy container" : ", S3Proxy process: no HTTP or TLS faults");
        }
        URI control = topology.toxiproxyUri();
        String hostPort = control.getHost() + ":" + control.getPort();
        String first = providers.getFirst().name();
        out.printf("%nfault proxy: Toxiproxy API at %s, one proxy per provider, named after it%n", control);
        out.printf("  toxiproxy-cli -h %s list%n", hostPort);
        // A bandwidth of 0, not a timeout of 0: that one lets the server's close through, and a downloader that
        // asks for Connection: close would see its connection end rather than hang.
        out.printf("  toxiproxy-cli -h %s toxic add -t bandwidth -a rate=0 %s     (blackhole %s)%n", hostPort,
                first, first);
        out.printf("  curl -X POST %s/proxies/%s/toxics -d '{\"name\":\"blackhole\",\"type\":\"bandwidth\","
                + "\"attributes\":{\"rate\":0}}'     (the same, with curl)%n", control, first);
        out.printf("  curl -X POST %s/proxies/%s -d '{\"enabled\":false}'     (%s down)%n", control, first, first);
        out.printf("  curl -X POST %s/reset     (everything healthy again)%n", control);

        URI admin = topology.adminUri();
        out.printf("%nadmin API at %s (%s; GET / lists the routes)%n", admin, realServers
                ? "DNS, status-page and manifest faults, and a Varnish edge's status and slow-first-byte faults; "
                        + "nginx takes no HTTP or TLS faults"
                : "HTTP, DNS, TLS, status-page and manifest faults");
        // The example must work when pasted: an S3Proxy-backed provider refuses HTTP faults (409).
        Optional<Provider> inProcess = realServers ? Optional.empty() : providers.stream()
                .filter(p -> p.backend() == ProviderBackend.IN_PROCESS).reduce((earlier, later) -> later);
        inProcess.ifPresent(last -> {
            out.printf("  curl -X POST %s/providers/%s/faults -d '{\"rule\":{\"type\":\"status\",\"code\":503}}'"
                    + "     (%s answers 503)%n", admin, last.name(), last.name());
            out.printf("  curl -X DELETE %s/providers/%s/faults     (its HTTP faults gone)%n", admin, last.name());
        });
        out.printf("  curl -X POST %s/manifests/%s -d '{\"fault\":{\"type\":\"rollback\"}}'%n", admin,
                topology.manifestReplicas().getFirst().hostname());

        int replicaCount = topology.manifestReplicas().size();
        out.printf("%nmanifest (signed, %d replica%s):%n", replicaCount, replicaCount == 1 ? "" : "s");
        List<String> manifestUrls = topology.manifestUrls(name);
        List<ManifestReplica> replicas = topology.manifestReplicas();
        for (int i = 0; i < replicas.size(); i++) {
            out.printf("  %s  at %s%n", manifestUrls.get(i),
                    replicas.get(i).cdn().address().getAddress().getHostAddress());
        }
        out.printf("trust key file: %s%n", topology.trustStore());
        if (topology.anyHttps()) {
            out.printf("CA file: %s%n", topology.caCertificate());
        }
        out.println("status pages (Statuspage API v2):");
        for (Provider p : providers) {
            // Under the base the signed manifest names (HTTPS in an HTTPS world), not the server's plain-HTTP door.
            URI status = URI.create(topology.statusBase(p.name()) + "/api/v2/status.json");
            out.printf("  %-11s %s  at %s%n", p.name(), status,
                    topology.resolve().get(status.getHost()).getHostAddress());
        }

        InetSocketAddress nameServer = topology.nameServer();
        out.printf("%nnames: the world's name server answers every name above, its DNS faults included%n");
        out.printf("  %s:%d (UDP)   drill get --dns-server %s:%d%n", nameServer.getAddress().getHostAddress(),
                nameServer.getPort(), nameServer.getAddress().getHostAddress(), nameServer.getPort());
        if (topology.anyHttps()) {
            out.printf("  %s (DNS over HTTPS, certificate from the CA file)   curl --doh-url %s --cacert %s%n",
                    topology.dohUrl(), topology.dohUrl(), shellWord(topology.caCertificate().toString()));
        } else {
            // DNS over HTTPS needs a certificate to trust, which a plain-HTTP world does not print.
            out.printf("  (the curl line below is given its address up front: DNS faults reach drill get only)%n");
        }
        out.printf("  curl -X POST %s/dns/%s -d '{\"fault\":{\"type\":\"servfail\"}}'     (%s fails to resolve)%n",
                admin, providers.getFirst().hostname(), providers.getFirst().hostname());

        out.printf("%ndownload with the reference client:%n  %s%n", String.join(" ", drillGet(manifestUrls)));
        if (file instanceof FileOnDisk onDisk && Path.of("").toAbsolutePath().resolve(name).equals(onDisk.path())) {
            // The client finds a verified file at its destination and has nothing to fetch: say so before it looks
            // as if the world had served it.
            out.printf("  (add -o DIR: in this folder it would find your own file in place and download nothing)%n");
        }
        // curl -o truncates what it writes to: pasted beside the user's own file under its name, it would destroy
        // the file being served. So a file on disk is saved under a name that says where it came from.
        String curlOutput = file instanceof FileOnDisk ? name + ".from-" + providers.getFirst().name() : name;
        out.printf("download from one provider with curl:%n  %s%n",
                String.join(" ", curl(urls.getFirst(), curlOutput)));
        if (file instanceof FileOnDisk onDisk) {
            ownKey(onDisk, urls, providers);
        }
        out.printf("%nCtrl-C stops everything%s and deletes the %s.%n", realServers ? ", removes the containers" : "",
                topology.anyHttps() ? "key and CA files" : "key file");
    }

    /** Which scheme serves what: one for the whole world, or HTTPS but for the parts named. */
    private String schemes() {
        if (topology.isHttps()) {
            return "HTTPS with certificates from a test CA";
        }
        if (!topology.anyHttps()) {
            return "plain HTTP";
        }
        List<String> plain = new ArrayList<>(topology.providers().stream().filter(p -> !p.https())
                .map(Provider::name).toList());
        if (topology.manifestUrls(topology.files().getFirst().name()).getFirst().startsWith("http:")) {
            plain.add("the manifest replicas and status pages");
        }
        return "HTTPS with certificates from a test CA, plain HTTP on " + String.join(", ", plain);
    }

    /**
     * The publisher's way with a key of their own: the same file at the same mirror URLs, under a manifest they sign
     * and hand to the client as a file. The topology's manifest replicas play no part in it.
     */
    private void ownKey(FileOnDisk file, List<URI> urls, List<Provider> providers) {
        List<String> create = new ArrayList<>(List.of(drill, "manifest", "create",
                shellWord(file.path().toString())));
        Path fileName = file.path().getFileName();
        if (fileName == null || !fileName.toString().equals(file.name())) {
            create.addAll(List.of("--name", file.name()));
        }
        for (int i = 0; i < providers.size(); i++) {
            create.addAll(List.of("--mirror", mirror(urls.get(i), providers.get(i))));
        }
        String jws = file.name() + ".jws";
        create.addAll(List.of("--chunk-size", Long.toString(file.chunkSize()), "--key", OWN_KEY + ".jwk", "-o", jws));
        if (!topology.isHttps()) {
            create.add("--allow-http");
        }
        List<String> get = drillGet(List.of(jws), Path.of(OWN_KEY + ".jwks"), "versions-own-key.json");
        out.printf("%nor sign it with a key of your own (the mirror URLs above; the manifest is a file you keep):%n");
        out.printf("  %s manifest keygen --alg ES256 --kid %s --out-private %s.jwk --out-public %s.jwks%n",
                drill, OWN_KEY, OWN_KEY, OWN_KEY);
        out.printf("  %s%n  %s%n", String.join(" ", create), String.join(" ", get));
    }

    /** A {@code --mirror} value naming what the topology's own manifest says of the provider. */
    private static String mirror(URI url, Provider provider) {
        StringBuilder value = new StringBuilder(url.toString()).append(",provider=").append(provider.name());
        if (!provider.group().equals(provider.name())) {
            value.append(",group=").append(provider.group());
        }
        if (!provider.region().isEmpty()) {
            value.append(",region=").append(provider.region());
        }
        if (provider.priority() != 1) { // 1 is what --mirror assumes
            value.append(",priority=").append(provider.priority());
        }
        return value.toString();
    }

    private List<String> drillGet(List<String> manifestUrls) {
        return drillGet(manifestUrls, topology.trustStore(), "versions.json");
    }

    /**
     * {@code versions}: the version memory's file, in the world's own folder (gone with the world): a test world
     * signs its file as version 1 each time it starts, and with the user's memory a download from it would refuse
     * the next world's as a rollback, or leave a test version that refuses a real download of the same name. The
     * command signed with the user's own key keeps another, since its versions count up across worlds.
     */
    private List<String> drillGet(List<String> manifestUrls, Path trust, String versions) {
        List<String> command = new ArrayList<>(List.of(drill, "get"));
        command.addAll(manifestUrls);
        command.addAll(List.of("--trust", shellWord(trust.toString())));
        command.addAll(List.of("--versions", shellWord(topology.trustStore().resolveSibling(versions).toString())));
        if (topology.anyHttps()) {
            command.addAll(List.of("--ca-cert", shellWord(topology.caCertificate().toString())));
        }
        if (!topology.isHttps()) {
            command.add("--allow-http");
        }
        // Every name get meets (the mirrors, the manifest replicas, each provider's status page where the manifest
        // names it) through the world's name server, so that the admin API's DNS faults reach the pasted command.
        InetSocketAddress nameServer = topology.nameServer();
        command.addAll(List.of("--dns-server", nameServer.getAddress().getHostAddress() + ":" + nameServer.getPort()));
        return command;
    }

    /**
     * Names through the world's name server over HTTPS where the world serves some HTTPS (so the DNS faults reach curl
     * too); a plain-HTTP world prints no certificate to trust, and gives curl the address instead.
     */
    private List<String> curl(URI url, String output) {
        List<String> command = new ArrayList<>(List.of("curl", "-f"));
        if (topology.anyHttps()) {
            command.addAll(List.of("--cacert", shellWord(topology.caCertificate().toString()), "--doh-url",
                    topology.dohUrl().toString()));
        } else {
            command.addAll(List.of("--resolve", topology.providers().getFirst().curlResolve()));
        }
        command.addAll(List.of("-o", output, url.toString()));
        return command;
    }
}
