package io.reenact.egress;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The live viewer page (driver | mask | reenacted, frames/s, latency), a classpath resource. */
public final class ViewerPage {

    private static final byte[] HTML = load();

    private ViewerPage() {
    }

    public static byte[] html() {
        return HTML.clone();
    }

    private static byte[] load() {
        try (InputStream in = ViewerPage.class.getResourceAsStream("viewer.html")) {
            if (in == null) {
                throw new IllegalStateException("viewer.html is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
