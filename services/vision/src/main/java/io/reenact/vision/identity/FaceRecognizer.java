package io.reenact.vision.identity;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorData;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteOk;

import io.reenact.model.RgbImage;
import io.reenact.vision.Assets;
import io.reenact.vision.MediaFrames;
import io.reenact.vision.face.FaceBox;
import java.nio.file.Path;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;

/**
 * A face-recognition descriptor, as the paper's identity error uses one (ArcFace there; here
 * MobileFaceNet, the network that can be had): a face crop in, a unit 192-vector out, so that the
 * cosine of two descriptors says how alike the two faces' identities look.
 *
 * <p>The published model takes a batch of exactly two 112×112 RGB crops scaled as (v − 127.5) / 128
 * (its own app compares two faces per call); one face is run as a pair with itself. The
 * interpreter is not thread-safe: {@link #describe} is synchronized.
 */
public final class FaceRecognizer implements AutoCloseable {

    public static final int SIZE = 112;
    public static final int DIMENSIONS = 192;
    /** The crop around a detector's box: faces were cut a little wider than the box in training. */
    private static final double MARGIN = 1.15;

    private final FlatBufferModel model;
    private final Interpreter interpreter;
    private boolean closed;

    private FaceRecognizer(Path file) {
        model = FlatBufferModel.BuildFromFile(file.toString());
        if (model == null || model.isNull()) {
            throw new IllegalArgumentException("not a TFLite model: " + file);
        }
        interpreter = new Interpreter((Pointer) null);
        BuiltinOpResolver resolver = new BuiltinOpResolver();
        InterpreterBuilder builder = new InterpreterBuilder(model, resolver);
        builder.SetNumThreads(1);
        if (builder.apply(interpreter) != kTfLiteOk || interpreter.AllocateTensors() != kTfLiteOk) {
            throw new IllegalStateException("cannot build an interpreter for " + file);
        }
        builder.close();
    }

    /** MobileFaceNet from the assets folder ({@code assets/fetch.sh} brings it). */
    public static FaceRecognizer open() {
        return new FaceRecognizer(Assets.require(Assets.FACENET));
    }

    /** The descriptor of the face inside {@code box} of {@code frame}. */
    public float[] describe(RgbImage frame, FaceBox box) {
        return describe(crop(frame, box));
    }

    /** The descriptor of a face crop (resized to 112² if it is not). */
    public synchronized float[] describe(RgbImage face) {
        if (closed) {
            throw new IllegalStateException("recognizer is closed");
        }
        RgbImage f = face.width() == SIZE && face.height() == SIZE ? face : MediaFrames.resize(face, SIZE, SIZE);
        byte[] p = f.pixels();
        float[] input = new float[2 * SIZE * SIZE * 3];
        for (int i = 0; i < p.length; i++) {
            float v = ((p[i] & 0xff) - 127.5f) / 128f;
            input[i] = v;
            input[p.length + i] = v;
        }
        FloatPointer in = new FloatPointer(TfLiteTensorData(interpreter.input_tensor(0)));
        in.put(input);
        if (interpreter.Invoke() != kTfLiteOk) {
            throw new IllegalStateException("MobileFaceNet failed to run");
        }
        float[] out = new float[DIMENSIONS];
        new FloatPointer(TfLiteTensorData(interpreter.output_tensor(0))).get(out);
        double norm = 0;
        for (float v : out) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < out.length; i++) {
            out[i] /= (float) norm;
        }
        return out;
    }

    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    /** A square around the box, {@link #MARGIN} times its larger side, clamped to the frame. */
    static RgbImage crop(RgbImage frame, FaceBox box) {
        double side = Math.max(box.width(), box.height()) * MARGIN;
        int s = (int) Math.max(8, Math.min(Math.min(frame.width(), frame.height()), Math.round(side)));
        int x0 = (int) Math.round(box.centreX() - s / 2.0);
        int y0 = (int) Math.round(box.centreY() - s / 2.0);
        x0 = Math.max(0, Math.min(frame.width() - s, x0));
        y0 = Math.max(0, Math.min(frame.height() - s, y0));
        byte[] src = frame.pixels();
        byte[] out = new byte[s * s * 3];
        for (int y = 0; y < s; y++) {
            System.arraycopy(src, ((y0 + y) * frame.width() + x0) * 3, out, y * s * 3, s * 3);
        }
        return new RgbImage(s, s, out);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            interpreter.close();
            model.close();
        }
    }
}
