package io.reenact.service;

import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.reenact.access.CsrfGuard;
import io.reenact.access.LoginRoute;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.inject.Inject;
import io.reenact.access.RouteAccess;
import io.reenact.common.Grants;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.vertx.ext.web.Router;
import org.eclipse.microprofile.jwt.JsonWebToken;


/**
 * The caller's grants for the Vert.x routes the services share with {@code reenact up} (MJPEG, the
 * webcam socket), taken from the identity Quarkus security established for the request, and
 * {@code /login}, which keeps a token as a cookie for browsers.
 */
@ApplicationScoped
public class AccessRoutes implements RouteAccess {

    @Inject
    JWTParser parser;

    void register(@Observes Router router) {
        LoginRoute.mount(router, this::valid);
        // before the resources (Quarkus mounts its own at order 0 and above)
        router.route().order(-10).handler(CsrfGuard::handle);
    }

    private boolean valid(String token) {
        try {
            parser.parse(token);
            return true;
        } catch (ParseException invalid) {
            return false;
        }
    }

    @Override
    public Grants grants(io.vertx.ext.web.RoutingContext ctx) {
        if (ctx.user() instanceof QuarkusHttpUser user
                && user.getSecurityIdentity().getPrincipal() instanceof JsonWebToken token) {
            return Caller.grants(token);
        }
        return Grants.none();
    }
}
