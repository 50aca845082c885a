package io.reenact.avatar;

import io.reenact.model.AvatarSources;
import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.schema.AvatarSource;
import io.reenact.stages.BadRecordException;
import io.reenact.stages.Embeddings;
import io.reenact.stages.ImageCodecs;
import io.reenact.common.DeadLetterReason;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An avatar's renderer sources to and from their Avro form (PNG frames and masks, pose vectors):
 * encoded once at enrolment, decoded once per avatar record by each generator.
 */
public final class AvatarSourceRecords {

    private AvatarSourceRecords() {
    }

    public static List<AvatarSource> toRecords(AvatarSources sources) {
        List<AvatarSource> out = new ArrayList<>(sources.count());
        for (int i = 0; i < sources.count(); i++) {
            out.add(AvatarSource.newBuilder()
                    .setImage(ByteBuffer.wrap(ImageCodecs.encodePng(sources.images().get(i))))
                    .setMask(ByteBuffer.wrap(ImageCodecs.encodeMaskPng(sources.masks().get(i))))
                    .setPose(Embeddings.toList(sources.poses().get(i)))
                    .build());
        }
        return out;
    }

    /**
     * @param poseSize the pose descriptor length the model takes
     * @throws BadRecordException when a frame or mask does not decode, or a pose is malformed
     */
    public static AvatarSources fromRecords(String avatarId, List<AvatarSource> records, int poseSize) {
        if (records == null || records.isEmpty()) {
            return AvatarSources.NONE;
        }
        List<RgbImage> images = new ArrayList<>();
        List<Mask> masks = new ArrayList<>();
        List<float[]> poses = new ArrayList<>();
        String what = "source frame of avatar '" + avatarId + "'";
        try {
            for (AvatarSource r : records) {
                images.add(ImageCodecs.decodeRgb(bytes(r.getImage()), what));
                masks.add(ImageCodecs.decodeMaskPng(bytes(r.getMask())));
                float[] pose = Embeddings.toArray(r.getPose());
                Embeddings.requireFinite("pose of a " + what, pose);
                Embeddings.requireLength("pose of a " + what, pose, poseSize);
                poses.add(pose);
            }
            return new AvatarSources(images, masks, poses);
        } catch (IllegalArgumentException e) {
            throw new BadRecordException(DeadLetterReason.UNKNOWN_AVATAR,
                    "the sources of avatar '" + avatarId + "' cannot be used: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
