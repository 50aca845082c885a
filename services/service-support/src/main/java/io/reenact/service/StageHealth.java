package io.reenact.service;

import io.reenact.common.StageFailures;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness is DOWN while the stage's last write failure or thread failure is recent ({@link StageFailures}). */
@Readiness
@ApplicationScoped
public class StageHealth implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("reenact stage writes");
        return StageFailures.recent(System.currentTimeMillis())
                .map(f -> builder.down().withData("lastFailure", f.what()).withData("atMs", f.atMs()).build())
                .orElseGet(() -> builder.up().build());
    }
}
