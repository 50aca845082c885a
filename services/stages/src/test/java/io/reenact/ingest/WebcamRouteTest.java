package io.reenact.ingest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which pages may open the webcam socket. */
class WebcamRouteTest {

    @Test
    void onlyThisServersOwnPageOrANonBrowserClientMayConnect() {
        assertTrue(WebcamRoute.sameOrigin(null, "localhost:8080"), "a native client sends no Origin");
        assertTrue(WebcamRoute.sameOrigin("http://localhost:8080", "localhost:8080"));
        assertTrue(WebcamRoute.sameOrigin("https://reenact.example.org", "reenact.example.org"));
        assertFalse(WebcamRoute.sameOrigin("https://evil.example", "localhost:8080"));
        assertFalse(WebcamRoute.sameOrigin("http://localhost:9999", "localhost:8080"), "another port is another origin");
        assertFalse(WebcamRoute.sameOrigin("null", "localhost:8080"), "a sandboxed or file page");
        assertFalse(WebcamRoute.sameOrigin("http://localhost:8080", null));
    }
}
