package io.reenact.access;

import io.reenact.common.Grants;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Bearer tokens: RS256-signed JWTs whose subject is the owner and whose {@code streams} and
 * {@code avatars} claims are its {@link Grants}. The services verify them with the public key only
 * (Quarkus SmallRye JWT, {@code mp.jwt.verify.publickey.location}); {@code reenact token} and
 * {@code reenact up} sign them with the private key kept beside it.
 */
public final class AccessTokens {

    public static final String ISSUER = "reenact";
    /** Browsers cannot put a header on an {@code <img>} or a WebSocket: they send this cookie instead. */
    public static final String COOKIE = "reenact_token";
    public static final String PRIVATE_KEY = "private-key.pem";
    public static final String PUBLIC_KEY = "public-key.pem";

    private final JWTAuth auth;

    private AccessTokens(JWTAuth auth) {
        this.auth = auth;
    }

    /** Signs and verifies with the key pair in {@code keyDir}, made there on first use. */
    public static AccessTokens fromKeyDir(Vertx vertx, Path keyDir) throws IOException {
        Path privateKey = keyDir.resolve(PRIVATE_KEY);
        Path publicKey = keyDir.resolve(PUBLIC_KEY);
        if (!Files.exists(privateKey)) {
            writeKeyPair(keyDir);
        } else if (!Files.exists(publicKey)) {
            // a new pair would silently void every token already given out
            throw new IllegalStateException(publicKey + " is missing beside " + privateKey + ": restore it, or remove both");
        }
        return fromPem(vertx, Files.readString(privateKey), Files.readString(publicKey));
    }

    /** PKCS#8 private key and X.509 public key, PEM-encoded. */
    public static AccessTokens fromPem(Vertx vertx, String privateKeyPem, String publicKeyPem) {
        JWTAuthOptions options = new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(privateKeyPem))
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(publicKeyPem))
                .setJWTOptions(new JWTOptions().setIssuer(ISSUER));
        return new AccessTokens(JWTAuth.create(vertx, options));
    }

    public String issue(Grants grants, Duration validFor) {
        return issue(grants, Instant.now().plus(validFor));
    }

    public String issue(Grants grants, Instant expiresAt) {
        JsonObject claims = new JsonObject()
                .put(Grants.STREAMS_CLAIM, new JsonArray(grants.streams()))
                .put(Grants.AVATARS_CLAIM, new JsonArray(grants.avatars()))
                .put("exp", expiresAt.getEpochSecond());
        return auth.generateToken(claims, new JWTOptions().setAlgorithm("RS256").setIssuer(ISSUER).setSubject(grants.owner()));
    }

    /** The provider Vert.x's {@code JWTAuthHandler} needs. */
    public JWTAuth provider() {
        return auth;
    }

    public Future<User> authenticate(String token) {
        return auth.authenticate(new TokenCredentials(token));
    }

    /** Grants of a user Vert.x authenticated from one of these tokens. */
    public static Grants grants(User user) {
        Object owner = user.get("sub");
        return Grants.fromClaims(owner == null ? "" : owner.toString(), list(user.get(Grants.STREAMS_CLAIM)),
                list(user.get(Grants.AVATARS_CLAIM)));
    }

    private static List<?> list(Object claim) {
        return claim instanceof JsonArray array ? array.getList() : List.of();
    }

    private static void writeKeyPair(Path keyDir) throws IOException {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no RSA", e);
        }
        Files.createDirectories(keyDir);
        // whoever can read it can mint tokens for everything
        writeOwnerOnly(keyDir.resolve(PRIVATE_KEY), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(keyDir.resolve(PUBLIC_KEY), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }

    /** A secret (a private key, a token) in a file only its owner can read, made so before it is written. */
    public static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // not a POSIX file system: the directory's own permissions are all there is
        }
        Files.writeString(file, content);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
