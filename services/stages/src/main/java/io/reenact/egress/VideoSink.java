package io.reenact.egress;

import io.reenact.model.RgbImage;

import java.io.IOException;

/** A live video output that takes one finished picture at a time (a push to a server, a virtual camera). */
public interface VideoSink extends AutoCloseable {

    /** Sends one frame; every frame has the size the sink was opened with. */
    void write(RgbImage image) throws IOException;

    /** Frames sent so far. */
    long frames();

    @Override
    void close() throws IOException;

    /** Opens a sink once the size of the frames is known (from the first frame). */
    @FunctionalInterface
    interface Opener {
        VideoSink open(int width, int height) throws IOException;
    }
}
