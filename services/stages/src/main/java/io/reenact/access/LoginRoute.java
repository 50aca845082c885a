package io.reenact.access;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

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

    public static void mount(Router router) {
        router.get(PATH).handler(LoginRoute::login);
    }

    private static void login(RoutingContext ctx) {
        String token = ctx.request().getParam("token");
        if (token == null || token.isBlank()) {
            ctx.response().setStatusCode(400).end("add ?token=<your access token>");
            return;
        }
        ctx.response().addCookie(Cookie.cookie(AccessTokens.COOKIE, token.trim())
                .setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT));
        ctx.response().setStatusCode(303).putHeader("Location", target(ctx.request().getParam("to"))).end();
    }

    /** Only a path of this server: never an open redirect to another site. */
    static String target(String to) {
        if (to == null || !to.startsWith("/") || to.startsWith("//") || to.contains("\\")) {
            return "/";
        }
        return to;
    }
}
