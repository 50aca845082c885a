package io.reenact.stages;

import io.reenact.common.DeadLetterReason;

/**
 * The largest frame a stage accepts. Checked on the header and the encoded size before anything
 * is decoded, so that one oversized frame cannot make a stage allocate gigabytes.
 */
public record FrameLimits(long maxPixels, int maxBytes) {

    /** 1920×1080 and 4 MiB: any crop the ingest stage produces fits with room to spare. */
    public static final FrameLimits DEFAULT = new FrameLimits(1920L * 1080L, 4 << 20);

    public FrameLimits {
        if (maxPixels <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxPixels + " px, " + maxBytes + " bytes");
        }
    }

    public void check(int width, int height, int encodedBytes) {
        if (width <= 0 || height <= 0) {
            throw new BadRecordException(DeadLetterReason.WRONG_DIMENSIONS, "frame size must be positive, header says " + width + "x" + height);
        }
        if ((long) width * height > maxPixels) {
            throw new BadRecordException(DeadLetterReason.OVERSIZED_FRAME, "oversized frame: " + width + "x" + height + " = " + (long) width * height
                    + " pixels, limit " + maxPixels);
        }
        if (encodedBytes > maxBytes) {
            throw new BadRecordException(DeadLetterReason.OVERSIZED_FRAME, "oversized frame: " + encodedBytes + " bytes, limit " + maxBytes);
        }
    }
}
