package io.reenact.common;

import java.nio.ByteBuffer;
import java.util.List;

import io.reenact.schema.DriverFrame;
import io.reenact.schema.FaceBox;
import io.reenact.schema.FrameEncoding;
import io.reenact.schema.StageTiming;

/** Test records. */
final class Frames {

    private Frames() {
    }

    static DriverFrame driverFrame(String streamId, long sequence) {
        byte[] rgb = new byte[8 * 8 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 7 + sequence);
        }
        return DriverFrame.newBuilder()
            .setStreamId(streamId)
            .setSequence(sequence)
            .setCaptureTimeMs(1_700_000_000_000L + sequence)
            .setWidth(8)
            .setHeight(8)
            .setEncoding(FrameEncoding.RGB24)
            .setImage(ByteBuffer.wrap(rgb))
            .setFaceBox(FaceBox.newBuilder().setX(1).setY(2).setWidth(5).setHeight(6).build())
            .setTimings(List.of(StageTiming.newBuilder().setStage("ingest").setReceivedMs(1).setDoneMs(2).build()))
            .build();
    }
}
