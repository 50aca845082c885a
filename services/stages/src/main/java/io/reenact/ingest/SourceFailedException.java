package io.reenact.ingest;

import java.io.IOException;

/** A source that could not be opened or read, after the reconnect policy gave up. */
public class SourceFailedException extends IOException {

    public SourceFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
