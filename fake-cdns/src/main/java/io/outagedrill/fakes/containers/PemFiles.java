package io.outagedrill.fakes.containers;

import io.outagedrill.fakes.tls.ServerCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * A server's credentials as the two PEM files nginx reads: the chain (leaf first) and the PKCS#8 private key.
 * Written by hand because PEM is only base64 between two marker lines, and the JDK has the encodings.
 */
public record PemFiles(Path chain, Path key) {

    /** Writes {@code credentials} into {@code directory} as {@code NAME-chain.pem} and {@code NAME-key.pem}. */
    public static PemFiles write(ServerCredentials credentials, Path directory, String name) {
        try {
            StringBuilder chain = new StringBuilder();
            for (X509Certificate certificate : credentials.chain()) {
                chain.append(pem("CERTIFICATE", certificate.getEncoded()));
            }
            Path chainFile = Files.writeString(directory.resolve(name + "-chain.pem"), chain, StandardCharsets.US_ASCII);
            Path keyFile = Files.writeString(directory.resolve(name + "-key.pem"),
                    pem("PRIVATE KEY", credentials.privateKey().getEncoded()), StandardCharsets.US_ASCII);
            // Copied into the container with these modes; nginx's master process (root) reads both.
            Files.setPosixFilePermissions(chainFile, PosixFilePermissions.fromString("rw-r--r--"));
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            return new PemFiles(chainFile, keyFile);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a certificate of " + name, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the PEM files of " + name + " into " + directory, e);
        }
    }

    /**
     * Writes the certificate of the CA that issued {@code credentials} (the last of its chain) into {@code
     * directory} as {@code NAME-ca.pem}: what a client of the server checks its chain against.
     */
    public static Path writeCaCertificate(ServerCredentials credentials, Path directory, String name) {
        try {
            Path file = Files.writeString(directory.resolve(name + "-ca.pem"),
                    pem("CERTIFICATE", credentials.chain().getLast().getEncoded()), StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            return file;
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode the CA certificate of " + name, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CA certificate of " + name + " into " + directory, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
