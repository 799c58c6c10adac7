package io.outagedrill.client.manifest;

import io.outagedrill.client.manifest.ManifestRejectedException.Reason;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Metalink v4 file (RFC 5854, {@code .meta4}) as an <b>unsigned</b> manifest: what aria2 and wget
 * users already have. Nothing vouches for it, so the result has {@code signed=false}, an empty key id and
 * version 0 (it never touches the rollback memory), and the CLI says so loudly.
 *
 * <p>Mapping: {@code file@name} is the file name (one plain path component, as for signed manifests; Metalink
 * allows sub-directories, this client does not); {@code size}; {@code hash type="sha-256"} is the whole-file
 * hash; {@code pieces type="sha-256" length=N} with its ordered {@code hash} children gives chunkSize and
 * chunks; each {@code url} becomes a mirror with its {@code priority} (absent means 999999, the lowest, as in
 * RFC 5854 §4.2.16.2), {@code location} as region, and its host as provider and group. Expiry is
 * {@link #NEVER_EXPIRES}: a Metalink carries none, and one far-future instant is safer for arithmetic than
 * {@link Instant#MAX}. Exactly one {@code file} is expected: a manifest describes one file.
 *
 * <p>URLs with schemes the client does not speak ({@code ftp}, {@code rsync}) are skipped, since Metalinks
 * commonly list them beside HTTP mirrors; {@code http} mirrors follow the same rule as in signed manifests.
 * Other Metalink elements ({@code metaurl}, {@code signature}, {@code origin}) are ignored.
 *
 * <p>The parser is the JDK's with secure processing on and DOCTYPEs refused outright, so no external entity,
 * DTD or entity expansion (XXE, billion laughs) is ever processed.
 */
public final class MetalinkReader {

    public static final String NAMESPACE = "urn:ietf:params:xml:ns:metalink";
    public static final Instant NEVER_EXPIRES = Instant.parse("9999-12-31T23:59:59Z");
    public static final int LOWEST_PRIORITY = 999_999;

    private static final Set<String> SKIPPED_SCHEMES = Set.of("ftp", "ftps", "rsync", "magnet", "sftp");

    private final ManifestJson.Options options;

    public MetalinkReader(ManifestJson.Options options) {
        this.options = options;
    }

    /** Reads {@code xml} (at most {@link ManifestJson#MAX_BYTES}); {@code source} names it in the result. */
    public VerifiedManifest read(byte[] xml, String source) {
        if (xml.length > ManifestJson.MAX_BYTES) {
            throw new ManifestRejectedException(Reason.MALFORMED,
                    "metalink: expected at most %d bytes, saw %d".formatted(ManifestJson.MAX_BYTES, xml.length));
        }
        Element root = parse(xml).getDocumentElement();
        if (!NAMESPACE.equals(root.getNamespaceURI()) || !"metalink".equals(root.getLocalName())) {
            throw malformed("expected a <metalink> root in namespace %s, saw <%s> in %s".formatted(
                    NAMESPACE, root.getLocalName(), root.getNamespaceURI() == null ? "no namespace"
                            : root.getNamespaceURI()));
        }
        List<Element> files = children(root, "file");
        if (files.size() != 1) {
            throw malformed("expected exactly one <file>, saw " + files.size());
        }
        Target target = target(files.getFirst());
        Manifest manifest = new Manifest(target, NEVER_EXPIRES, 0, List.of());
        return new VerifiedManifest(manifest, ManifestRules.sha256Hex(xml), "", false, source);
    }

    private Target target(Element file) {
        String name = ManifestRules.fileName(file.getAttribute("name"), "metalink <file name>");
        long size = ManifestRules.size(number(text(single(file, "size", "the file's size")), "<size>"), "<size>");
        String sha256 = ManifestRules.sha256(text(sha256Hash(file)), "<hash type=\"sha-256\">");
        Element pieces = sha256Pieces(file);
        long length = ManifestRules.chunkSize(number(pieces.getAttribute("length"), "<pieces length>"),
                "<pieces length>");
        List<String> chunks = new ArrayList<>();
        List<Element> hashes = children(pieces, "hash");
        for (int i = 0; i < hashes.size(); i++) {
            chunks.add(ManifestRules.sha256(text(hashes.get(i)), "<pieces> <hash> #" + (i + 1)));
        }
        ManifestRules.chunkCount(size, length, chunks, "metalink <pieces>");
        List<Mirror> mirrors = new ArrayList<>();
        for (Element url : children(file, "url")) {
            mirror(url).ifPresent(mirrors::add);
        }
        ManifestRules.hasMirrors(mirrors, "metalink <url> (http or https)");
        return new Target(name, size, sha256, "", length, chunks, mirrors);
    }

    private Optional<Mirror> mirror(Element url) {
        String text = text(url);
        int colon = text.indexOf(':');
        String scheme = colon > 0 ? text.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        if (SKIPPED_SCHEMES.contains(scheme)) {
            return Optional.empty();
        }
        URI uri = ManifestRules.mirrorUrl(text, "metalink <url>", options.allowPlainHttp());
        long priority = url.hasAttribute("priority") ? number(url.getAttribute("priority"), "<url priority>")
                : LOWEST_PRIORITY;
        if (priority < 1 || priority > LOWEST_PRIORITY) {
            throw malformed("<url priority>: expected 1 to %d, saw %d".formatted(LOWEST_PRIORITY, priority));
        }
        return Optional.of(new Mirror(uri.getHost(), uri, (int) priority, url.getAttribute("location"),
                null));
    }

    private static Element sha256Hash(Element file) {
        List<Element> hashes = children(file, "hash");
        return hashes.stream().filter(h -> isSha256(h.getAttribute("type"))).findFirst()
                .orElseThrow(() -> malformed("expected a <hash type=\"sha-256\"> for the whole file, saw types "
                        + hashes.stream().map(h -> h.getAttribute("type")).toList()));
    }

    private static Element sha256Pieces(Element file) {
        List<Element> pieces = children(file, "pieces");
        return pieces.stream().filter(p -> isSha256(p.getAttribute("type"))).findFirst()
                .orElseThrow(() -> malformed(("expected <pieces type=\"sha-256\" length=...> with one <hash> per "
                        + "chunk (this client verifies every chunk), saw pieces of types ")
                        + pieces.stream().map(p -> p.getAttribute("type")).toList()));
    }

    private static boolean isSha256(String type) {
        return type.equalsIgnoreCase("sha-256");
    }

    private static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(THROWING); // the default handler prints to stderr as well
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXParseException e) {
            throw new ManifestRejectedException(Reason.MALFORMED, "metalink: not well-formed XML at line %d, column %d: %s"
                    .formatted(e.getLineNumber(), e.getColumnNumber(), e.getMessage()), e);
        } catch (SAXException e) {
            throw new ManifestRejectedException(Reason.MALFORMED, "metalink: " + e.getMessage(), e);
        } catch (IOException e) {
            // A byte array does no I/O: this is the declared or detected encoding failing (an unknown
            // encoding="...", bytes that are not valid in it).
            throw new ManifestRejectedException(Reason.MALFORMED,
                    "metalink: expected XML in a supported encoding, saw bytes that do not decode (%s: %s)"
                            .formatted(e.getClass().getSimpleName(), e.getMessage()), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser supports secure processing", e);
        }
    }

    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && NAMESPACE.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element single(Element parent, String localName, String what) {
        List<Element> found = children(parent, localName);
        if (found.size() != 1) {
            throw malformed("expected one <%s> (%s), saw %d".formatted(localName, what, found.size()));
        }
        return found.getFirst();
    }

    private static String text(Element element) {
        return element.getTextContent().strip();
    }

    private static long number(String text, String field) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw malformed("%s: expected a whole number, saw \"%s\"".formatted(field, ManifestRules.printable(text)));
        }
    }

    private static ManifestRejectedException malformed(String message) {
        return new ManifestRejectedException(Reason.MALFORMED,
                message.startsWith("metalink") ? message : "metalink: " + message);
    }
}
