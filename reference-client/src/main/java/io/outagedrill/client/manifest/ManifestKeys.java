package io.outagedrill.client.manifest;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.outagedrill.client.ClientException;
import io.outagedrill.client.IoErrors;
import io.outagedrill.client.store.AtomicWrite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Creates and stores signing keys: a private JWK file for the publisher and a public JWK Set for clients.
 * Rotation: generate a new key and add it to the existing public set ({@link #addToPublicSet} appends), ship
 * that set to clients, sign with the new key, and later remove the old key from the set.
 */
public final class ManifestKeys {

    /** Key ids end up in file names of tooling and in log lines; keep them boring. */
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private ManifestKeys() {
    }

    /** A new private JWK for {@code algorithm}, with {@code kid}, {@code use=sig} and {@code alg} set. */
    public static JWK generate(ManifestAlgorithm algorithm, String keyId) {
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException(
                    "key id: expected 1 to 64 of A-Z a-z 0-9 . _ -, saw \"" + ManifestRules.printable(keyId) + "\"");
        }
        return algorithm.generate(keyId);
    }

    /** Writes a private JWK, readable by the owner only where the file system allows; never overwrites. */
    public static void writePrivate(JWK privateKey, Path file) {
        if (!privateKey.isPrivate()) {
            throw new IllegalArgumentException("expected a private key, saw public key " + privateKey.getKeyID());
        }
        try {
            createOwnerOnly(file);
            Files.writeString(file, privateKey.toJSONString() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new ClientException("refusing to overwrite the existing private key " + file, e);
        } catch (IOException e) {
            throw new ClientException("cannot write private key %s: %s".formatted(file, e.getMessage()), e);
        }
    }

    private static void createOwnerOnly(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    /**
     * Adds the public half of {@code key} to the JWK Set in {@code jwksFile}, creating it if absent, so the same
     * command that makes a new key also prepares the set for a rotation. Replaces the file atomically.
     */
    public static void addToPublicSet(JWK key, Path jwksFile) {
        try {
            List<JWK> keys = publicKeys(jwksFile);
            if (keys.stream().anyMatch(k -> k.getKeyID().equals(key.getKeyID()))) {
                throw new ClientException("%s already holds a key with kid \"%s\"; pick another kid"
                        .formatted(jwksFile, key.getKeyID()));
            }
            keys.add(key.toPublicJWK());
            // Public: readable by whoever the umask allows, as clients and web servers need (not owner-only).
            AtomicWrite.replace(jwksFile, (new JWKSet(keys).toString(true) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ClientException("cannot write public key set %s: %s".formatted(jwksFile, e.getMessage()), e);
        }
    }

    /**
     * The keys of the JWK Set in {@code jwksFile}, none when it does not exist yet: what {@link #addToPublicSet} adds
     * to, for a caller that checks it before writing a private key whose public half could not be added.
     */
    public static List<JWK> publicKeys(Path jwksFile) {
        List<JWK> keys = new ArrayList<>();
        if (Files.exists(jwksFile)) {
            keys.addAll(TrustStore.load(jwksFile).toJWKSet().getKeys());
        }
        return keys;
    }

    private static boolean isKeySet(String text) {
        try {
            JWKSet.parse(text);
            return true;
        } catch (ParseException e) {
            return false;
        }
    }

    /** Reads a private JWK file as written by {@link #writePrivate}. */
    public static JWK readPrivate(Path file) {
        JWK key;
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ClientException("%s: expected a private JWK (JSON text), saw bytes that are not UTF-8 text"
                    .formatted(file), e);
        } catch (IOException e) {
            throw new ClientException("cannot read private key %s: %s".formatted(file, IoErrors.describe(e)), e);
        }
        try {
            key = JWK.parse(text);
        } catch (ParseException e) {
            if (isKeySet(text)) {
                throw new ClientException(("%s: expected a private JWK, saw a JWK Set (the public keys clients "
                        + "trust); give the key file manifest keygen wrote with --out-private").formatted(file), e);
            }
            throw new ClientException("%s: expected a private JWK: %s".formatted(file, e.getMessage()), e);
        }
        if (!key.isPrivate()) {
            throw new ClientException("%s: expected a private key, saw only the public half of \"%s\""
                    .formatted(file, key.getKeyID()));
        }
        return key;
    }
}
