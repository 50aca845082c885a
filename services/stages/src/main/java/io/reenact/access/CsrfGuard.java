package io.reenact.access;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * The cookie {@link LoginRoute} sets is for pages: reading (GET, HEAD) and the webcam socket. A
 * request that changes something must carry the token in its Authorization header, which another
 * site's page cannot make a browser send; SameSite=Strict alone would still let a page of the same
 * site (another port of localhost, a sibling subdomain) post with the cookie.
 */
public final class CsrfGuard {

    private CsrfGuard() {
    }

    public static void handle(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        boolean reads = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
        if (!reads && ctx.request().getHeader("Authorization") == null && ctx.request().getCookie(AccessTokens.COOKIE) != null) {
            ctx.response().setStatusCode(403).putHeader("Content-Type", "text/plain")
                    .end("changes need the token as 'Authorization: Bearer <token>'; the login cookie only reads");
            return;
        }
        ctx.next();
    }
}
