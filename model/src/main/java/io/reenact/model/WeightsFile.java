package io.reenact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Named float tensors in one file: the format of shipped checkpoints (fp16, half the size) and of
 * the trainer's resumable checkpoints (fp32, exact). Values are float32 in memory either way.
 *
 * <pre>
 * magic "RNCTWGT1" (8 bytes) · precision int (16 or 32) · count int
 * per tensor: name (modified UTF-8, DataOutput.writeUTF) · rank int · dims long[rank]
 *             · values, little-endian fp16 or fp32
 * </pre>
 * Integers are big-endian (DataOutput); tensor data little-endian in one block per tensor.
 */
public final class WeightsFile {

    /** How values are stored on disk. */
    public enum Precision {
        FP16(16), FP32(32);

        final int bits;

        Precision(int bits) {
            this.bits = bits;
        }
    }

    /** One stored tensor. */
    public record Tensor(long[] shape, float[] values) {
        public Shape djlShape() {
            return new Shape(shape);
        }
    }

    static final byte[] MAGIC = "RNCTWGT1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private WeightsFile() {
    }

    // ------------------------------------------------------------------ writing

    public static void write(Path file, Map<String, Parameter> parameters, Precision precision) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        // write then rename so a crash mid-save never leaves a truncated checkpoint behind
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            write(out, tensorsOf(parameters), precision);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static byte[] toBytes(Map<String, Parameter> parameters, Precision precision) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            write(bytes, tensorsOf(parameters), precision);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** Copies the parameters' current values out of the engine. */
    public static Map<String, Tensor> tensorsOf(Map<String, Parameter> parameters) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        parameters.forEach((name, p) -> {
            NDArray a = p.getArray();
            out.put(name, new Tensor(a.getShape().getShape(), a.toFloatArray()));
        });
        return out;
    }

    public static void write(OutputStream stream, Map<String, Tensor> tensors, Precision precision) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        out.write(MAGIC);
        out.writeInt(precision.bits);
        out.writeInt(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            out.writeUTF(e.getKey());
            out.writeInt(t.shape().length);
            for (long d : t.shape()) {
                out.writeLong(d);
            }
            float[] v = t.values();
            ByteBuffer buf = ByteBuffer.allocate(v.length * precision.bits / 8).order(ByteOrder.LITTLE_ENDIAN);
            if (precision == Precision.FP16) {
                for (float f : v) {
                    buf.putShort(Half.fromFloat(f));
                }
            } else {
                buf.asFloatBuffer().put(v);
            }
            out.write(buf.array());
        }
        out.flush();
    }

    // ------------------------------------------------------------------ reading

    public static Map<String, Tensor> read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            return read(in);
        }
    }

    public static Map<String, Tensor> read(byte[] bytes) throws IOException {
        return read(new ByteArrayInputStream(bytes));
    }

    public static Map<String, Tensor> read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a weights file (bad magic)");
        }
        int bits = in.readInt();
        if (bits != 16 && bits != 32) {
            throw new IOException("unsupported precision " + bits);
        }
        int count = in.readInt();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            int rank = in.readInt();
            long[] shape = new long[rank];
            long n = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = in.readLong();
                n *= shape[d];
            }
            if (n > Integer.MAX_VALUE / 4) {
                throw new IOException("tensor " + name + " too large");
            }
            byte[] raw = in.readNBytes((int) n * bits / 8);
            if (raw.length != n * bits / 8) {
                throw new IOException("truncated weights file at tensor " + name);
            }
            ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            float[] v = new float[(int) n];
            if (bits == 16) {
                for (int j = 0; j < v.length; j++) {
                    v[j] = Half.toFloat(buf.getShort());
                }
            } else {
                buf.asFloatBuffer().get(v);
            }
            out.put(name, new Tensor(shape, v));
        }
        return out;
    }

    /**
     * Writes stored values into the parameters, in place (parameter identities, and so optimiser
     * state keyed by them, stay valid).
     *
     * @param strict when true every parameter must be present in the file and vice versa; when
     *               false missing entries are left at their current values
     * @return the names that were loaded
     */
    public static Set<String> load(Map<String, Tensor> tensors, Map<String, Parameter> into, boolean strict) {
        if (strict) {
            Set<String> missing = new TreeSet<>(into.keySet());
            missing.removeAll(tensors.keySet());
            Set<String> extra = new TreeSet<>(tensors.keySet());
            extra.removeAll(into.keySet());
            if (!missing.isEmpty() || !extra.isEmpty()) {
                throw new IllegalArgumentException("weights do not match the model: missing " + missing + ", unexpected " + extra);
            }
        }
        Set<String> loaded = new TreeSet<>();
        for (Map.Entry<String, Parameter> e : into.entrySet()) {
            Tensor t = tensors.get(e.getKey());
            if (t == null) {
                continue;
            }
            NDArray a = e.getValue().getArray();
            if (!Arrays.equals(a.getShape().getShape(), t.shape())) {
                throw new IllegalArgumentException("shape of " + e.getKey() + ": model " + a.getShape()
                        + ", file " + Arrays.toString(t.shape()));
            }
            a.set(t.values());
            loaded.add(e.getKey());
        }
        return loaded;
    }

    public static Set<String> load(Path file, Map<String, Parameter> into, boolean strict) throws IOException {
        return load(read(file), into, strict);
    }
}
