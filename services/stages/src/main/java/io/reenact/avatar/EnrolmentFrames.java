package io.reenact.avatar;

import io.reenact.model.RgbImage;
import io.reenact.schema.EnrolmentFrame;
import io.reenact.schema.FrameEncoding;
import io.reenact.stages.FrameLimits;
import io.reenact.stages.ImageCodecs;
import io.reenact.stages.StageProcessor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The records of one enrolment request: what the avatar service and the demo send to the enrol stage. */
public final class EnrolmentFrames {

    private EnrolmentFrames() {
    }

    /** One record per frame, numbered, each carrying the count so the enrol stage knows when it has all. */
    public static List<EnrolmentFrame> of(String avatarId, String enrolmentId, String displayName,
            List<RgbImage> frames, int fineTuneSteps) {
        List<EnrolmentFrame> records = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            RgbImage image = frames.get(i);
            records.add(EnrolmentFrame.newBuilder()
                    .setAvatarId(avatarId)
                    .setEnrolmentId(enrolmentId)
                    .setIndex(i)
                    .setCount(frames.size())
                    .setDisplayName(displayName)
                    // PNG: enrolment is not latency-bound, and the identity should not learn JPEG artefacts
                    .setEncoding(FrameEncoding.PNG)
                    .setWidth(image.width())
                    .setHeight(image.height())
                    .setImage(ByteBuffer.wrap(ImageCodecs.encodePng(image)))
                    .setFineTuneSteps(fineTuneSteps)
                    .build());
        }
        return records;
    }

    /** The picture one record carries, checked against the limits. */
    public static RgbImage image(EnrolmentFrame frame, FrameLimits limits) {
        return ImageCodecs.decodeFrame(frame.getEncoding(), StageProcessor.bytes(frame.getImage()), frame.getWidth(),
                frame.getHeight(), limits);
    }
}
