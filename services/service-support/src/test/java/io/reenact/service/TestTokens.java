package io.reenact.service;

import io.reenact.access.AccessTokens;
import io.reenact.common.Grants;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Tokens for the services' tests, signed with the test key pair whose public half the services
 * trust in the test profile; plus ones they must refuse.
 */
public final class TestTokens {

    private static final Vertx VERTX = Vertx.vertx();
    private static final AccessTokens TEST_KEYS = AccessTokens.fromPem(VERTX,
            resource("reenact-test-keys/private-key.pem"), resource("reenact-test-keys/public-key.pem"));

    private TestTokens() {
    }

    public static String token(String owner, List<String> streams, List<String> avatars) {
        return TEST_KEYS.issue(new Grants(owner, streams, avatars), Duration.ofHours(1));
    }

    /**
     * Makes every RestAssured request that has no Authorization header of its own carry a token that
     * owns everything (a filter: a request specification would pin RestAssured's port before Quarkus sets it).
     */
    public static void authoriseEverything() {
        String bearer = "Bearer " + TEST_KEYS.issue(Grants.everything("tester"), Duration.ofHours(1));
        RestAssured.replaceFiltersWith((request, response, ctx) -> {
            if (!request.getHeaders().hasHeaderWithName("Authorization") && !request.getCookies().hasCookieWithName(AccessTokens.COOKIE)) {
                request.header("Authorization", bearer);
            }
            return ctx.next(request, response);
        });
    }

    /** Undoes {@link #authoriseEverything()} for tests about access itself. */
    public static void authoriseNothing() {
        RestAssured.replaceFiltersWith(List.of());
    }

    public static String expired(String owner) {
        return TEST_KEYS.issue(Grants.everything(owner), Instant.now().minusSeconds(120));
    }

    /** Well-formed and unexpired, but signed by a key no service trusts. */
    public static String forged(String owner) {
        try {
            var dir = Files.createTempDirectory("forged-keys");
            try {
                return AccessTokens.fromKeyDir(VERTX, dir).issue(Grants.everything(owner), Duration.ofHours(1));
            } finally {
                org.apache.kafka.common.utils.Utils.delete(dir.toFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
