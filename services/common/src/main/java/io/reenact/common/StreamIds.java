package io.reenact.common;

import java.util.regex.Pattern;

/**
 * The one rule for a stream id, wherever one comes in (ingest, webcam socket, bindings, recordings):
 * it becomes a Kafka key, a metric of the viewer, a file name of a recording and part of URLs.
 */
public final class StreamIds {

    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    public static final String RULE = "a stream id is 1 to 64 of A-Z a-z 0-9 . _ -";

    private StreamIds() {
    }

    public static boolean valid(String streamId) {
        return streamId != null && PATTERN.matcher(streamId).matches() && !streamId.equals(".") && !streamId.equals("..");
    }
}
