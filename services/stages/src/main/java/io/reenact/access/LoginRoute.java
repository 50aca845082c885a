package io.reenact.access;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * {@code GET /login?token=T[&to=/path]}: keeps the token as a cookie and goes on to the page. A
 * browser cannot put an Authorization header on a page it opens, an {@code <img>} of MJPEG or a
 * WebSocket; with the cookie, the viewer and the webcam page work from one URL that carries the token.
 * The cookie is HttpOnly (no script reads it) and SameSite=Strict (no other site's page sends it).
 */
public final class LoginRoute {

    public static final String PATH = "/login";

    private LoginRoute() {
    }

    /** A path of this server with an optional query: no scheme, no host, no backslash, no white space. */
    private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*");

    /**
     * @param valid whether a token verifies (signature, issuer, expiry): only such a token is kept, so
     *              nobody can log a visitor in as someone else with a link
     */
    public static void mount(Router router, Predicate<String> valid) {
        router.get(PATH).blockingHandler(ctx -> login(ctx, valid), false);
    }

    private static void login(RoutingContext ctx, Predicate<String> valid) {
        String token = ctx.request().getParam("token");
        if (token == null || token.isBlank()) {
            ctx.response().setStatusCode(400).end("add ?token=<your access token>");
            return;
        }
        if (!valid.test(token.trim())) {
            ctx.response().setStatusCode(401).end("that token is not valid here (expired, or signed by other keys)");
            return;
        }
        boolean https = ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
        ctx.response().addCookie(Cookie.cookie(AccessTokens.COOKIE, token.trim())
                .setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setSecure(https));
        ctx.response().setStatusCode(303).putHeader("Location", target(ctx.request().getParam("to"))).end();
    }

    /** Only a path of this server: never an open redirect to another site. */
    static String target(String to) {
        return to != null && LOCAL_PATH.matcher(to).matches() ? to : "/";
    }
}
