package io.reenact.service;

import io.reenact.common.Grants;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling a REST endpoint: the owner and grants of the bearer token Quarkus SmallRye JWT
 * verified. Every endpoint but health and metrics requires one (see the service's security settings).
 */
@RequestScoped
public class Caller {

    @Inject
    JsonWebToken token;

    public Grants grants() {
        return grants(token);
    }

    static Grants grants(JsonWebToken token) {
        if (token == null || token.getSubject() == null) {
            return Grants.none();
        }
        return Grants.fromClaims(token.getSubject(), token.getClaim(Grants.STREAMS_CLAIM), token.getClaim(Grants.AVATARS_CLAIM));
    }
}
