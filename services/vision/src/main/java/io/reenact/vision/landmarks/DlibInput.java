package io.reenact.vision.landmarks;

/**
 * Reads dlib's portable serialization ({@code dlib/serialize.h}) from a byte array.
 *
 * <p>dlib writes every integer as a control byte followed by its magnitude: the low nibble of the
 * control byte is the number of magnitude bytes (little-endian, leading zero bytes dropped), bit
 * 0x80 is the sign and bits 0x70 are always zero. A float is two such integers, a 64-bit mantissa
 * and a 16-bit exponent, meaning {@code mantissa * 2^exponent} (exponents 32000..32002 encode
 * +inf, -inf and NaN). A {@code std::vector} is its length followed by its elements; a
 * {@code matrix} is {@code -rows}, {@code -cols} and then its elements row by row.
 *
 * <p>Every read checks its bounds, so a truncated or foreign file fails with the byte offset and
 * the part of the model being read instead of an index error or a silently wrong model.
 */
final class DlibInput {

    private static final int FLOAT_INF = 32000;
    private static final int FLOAT_NEG_INF = 32001;
    private static final int FLOAT_NAN = 32002;

    private final byte[] bytes;
    private final String source;
    private int pos;
    private String context = "header";

    DlibInput(byte[] bytes, String source) {
        this.bytes = bytes;
        this.source = source;
    }

    /** Names the part being read, for error messages; cheap enough to set per tree. */
    void context(String what) {
        context = what;
    }

    int position() {
        return pos;
    }

    boolean atEnd() {
        return pos == bytes.length;
    }

    DlibFormatException error(String why) {
        return new DlibFormatException(source + ": " + why + " at byte " + pos + " of " + bytes.length
                + " while reading " + context + " (not an intact dlib shape_predictor file?)");
    }

    /** A signed integer of at most {@code maxBytes} magnitude bytes. */
    long readInt(int maxBytes) throws DlibFormatException {
        if (pos >= bytes.length) {
            throw error("file ends");
        }
        int control = bytes[pos] & 0xff;
        int size = control & 0x0f;
        if ((control & 0x70) != 0 || size > maxBytes) {
            throw error(String.format("bad integer control byte 0x%02x", control));
        }
        if (pos + 1 + size > bytes.length) {
            throw error("file ends inside an integer");
        }
        long magnitude = 0;
        for (int i = 0; i < size; i++) {
            magnitude |= (long) (bytes[pos + 1 + i] & 0xff) << (8 * i);
        }
        pos += 1 + size;
        return (control & 0x80) != 0 ? -magnitude : magnitude;
    }

    /** An unsigned integer ({@code unsigned long}, sizes): the sign bit must be clear. */
    long readUnsigned() throws DlibFormatException {
        if (pos < bytes.length && (bytes[pos] & 0x80) != 0) {
            throw error("negative value for an unsigned integer");
        }
        return readInt(8);
    }

    /** A count or index that must lie in [0, limit]. */
    int readCount(long limit, String what) throws DlibFormatException {
        int at = pos;
        long n = readUnsigned();
        if (n > limit) {
            pos = at;
            throw error(what + " " + n + " exceeds " + limit);
        }
        return (int) n;
    }

    float readFloat() throws DlibFormatException {
        long mantissa = readInt(8);
        int exponent = (int) readInt(2);
        switch (exponent) {
            case FLOAT_INF:
                return Float.POSITIVE_INFINITY;
            case FLOAT_NEG_INF:
                return Float.NEGATIVE_INFINITY;
            case FLOAT_NAN:
                return Float.NaN;
            default:
                return (float) Math.scalb((double) mantissa, exponent);
        }
    }

    /** A column vector {@code matrix<float,0,1>} of exactly {@code expected} rows (or any if negative). */
    float[] readFloatColumn(int expected) throws DlibFormatException {
        int rows = readColumnHeader(expected);
        float[] v = new float[rows];
        for (int i = 0; i < v.length; i++) {
            v[i] = readFloat();
        }
        return v;
    }

    /** A column of exactly {@code count} floats, read straight into {@code into} from {@code offset}. */
    void readFloatColumn(float[] into, int offset, int count) throws DlibFormatException {
        readColumnHeader(count);
        for (int i = 0; i < count; i++) {
            into[offset + i] = readFloat();
        }
    }

    private int readColumnHeader(int expected) throws DlibFormatException {
        int at = pos;
        long rows = Math.abs(readInt(8));
        long cols = Math.abs(readInt(8));
        if (cols != 1 || rows > bytes.length || (expected >= 0 && rows != expected)) {
            pos = at;
            throw error("expected a column of " + (expected >= 0 ? expected : "n") + " floats, found a "
                    + rows + "x" + cols + " matrix");
        }
        return (int) rows;
    }
}
