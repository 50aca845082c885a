package io.reenact.stages;

import io.reenact.common.DeadLetterReason;

/**
 * Reads an encoded image's width and height from its header without decoding it, so a frame
 * whose pixels would exceed the limits is refused before any pixel buffer is allocated.
 */
public final class ImageHeaders {

    private ImageHeaders() {
    }

    /** {width, height} of a JPEG, from its first start-of-frame segment. */
    public static int[] jpegSize(byte[] data) {
        if (data.length < 4 || (data[0] & 0xff) != 0xFF || (data[1] & 0xff) != 0xD8) {
            throw new BadRecordException(DeadLetterReason.CORRUPT_IMAGE, "corrupt JPEG: no start-of-image marker");
        }
        int i = 2;
        while (i + 4 <= data.length) {
            if ((data[i] & 0xff) != 0xFF) {
                throw new BadRecordException(DeadLetterReason.CORRUPT_IMAGE, "corrupt JPEG: expected a marker at byte " + i);
            }
            int marker = data[i + 1] & 0xff;
            if (marker == 0xFF) { // fill byte before a marker
                i++;
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2; // markers without a length
                continue;
            }
            int length = ((data[i + 2] & 0xff) << 8) | (data[i + 3] & 0xff);
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                if (i + 9 > data.length) {
                    break;
                }
                int height = ((data[i + 5] & 0xff) << 8) | (data[i + 6] & 0xff);
                int width = ((data[i + 7] & 0xff) << 8) | (data[i + 8] & 0xff);
                return new int[] {width, height};
            }
            if (marker == 0xDA || length < 2) {
                break; // scan data before any frame header: not a JPEG we can read
            }
            i += 2 + length;
        }
        throw new BadRecordException(DeadLetterReason.CORRUPT_IMAGE, "corrupt JPEG: no frame header found");
    }

    /** {width, height} of a PNG, from its IHDR chunk. */
    public static int[] pngSize(byte[] data) {
        if (data.length < 24 || (data[0] & 0xff) != 0x89 || data[1] != 'P' || data[2] != 'N' || data[3] != 'G'
                || data[12] != 'I' || data[13] != 'H' || data[14] != 'D' || data[15] != 'R') {
            throw new BadRecordException(DeadLetterReason.CORRUPT_IMAGE, "corrupt PNG: no PNG signature and IHDR chunk");
        }
        return new int[] {readInt(data, 16), readInt(data, 20)};
    }

    /** A JPEG must end with its end-of-image marker; a cut-off one would decode into grey garbage. */
    public static void requireJpegEnd(byte[] data) {
        int end = data.length;
        while (end > 2 && data[end - 1] == 0) {
            end--; // some encoders pad with zeros after EOI
        }
        if (end < 4 || (data[end - 2] & 0xff) != 0xFF || (data[end - 1] & 0xff) != 0xD9) {
            throw new BadRecordException(DeadLetterReason.CORRUPT_IMAGE, "corrupt JPEG: truncated (no end-of-image marker)");
        }
    }

    private static int readInt(byte[] d, int at) {
        return ((d[at] & 0xff) << 24) | ((d[at + 1] & 0xff) << 16) | ((d[at + 2] & 0xff) << 8) | (d[at + 3] & 0xff);
    }
}
