package io.reenact.vision.mask;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorData;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteFloat32;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteOk;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.vision.Assets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.TfLiteTensor;

/**
 * Person masks from MediaPipe's selfie-segmentation model (TFLite, float RGB in [0,1] in, one
 * foreground probability per pixel out), resized back to the frame.
 *
 * <p>Runs through the TFLite C++ interpreter with the stock op resolver, which applies the
 * XNNPACK delegate (about five times faster on a CPU than the plain kernels the C API's
 * interpreter uses), plus {@link Convolution2DTransposeBias} for MediaPipe's custom op.
 *
 * <p>A TFLite interpreter is not thread-safe, so {@link #segment} is synchronized: several
 * threads may share one instance but take turns. For parallel segmentation give each thread its
 * own instance (each holds its own interpreter, about 0.5 MB of weights).
 */
public final class SelfieSegmenter implements AutoCloseable {

    /** The two published models. */
    public enum Variant {
        /** 256×256 input: for any frame shape. */
        GENERAL(Assets.SELFIE_SEGMENTATION),
        /** 144 rows × 256 columns input: cheaper, for landscape frames. */
        LANDSCAPE(Assets.SELFIE_SEGMENTATION_LANDSCAPE);

        final String asset;

        Variant(String asset) {
            this.asset = asset;
        }
    }

    /** How a frame is fitted to the model's input. */
    public enum Fit {
        /** Scale each axis independently (no border; shapes are squashed for other aspects). */
        STRETCH,
        /** Keep the aspect ratio and pad with black (shapes kept; fewer input pixels used). */
        LETTERBOX
    }

    private final FlatBufferModel model;
    private final BuiltinOpResolver resolver;
    private final Interpreter interpreter;
    private final int inputWidth;
    private final int inputHeight;
    private final Fit fit;
    private final String modelVersion;
    private boolean closed;

    private SelfieSegmenter(Path file, int threads, Fit fit) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.fit = Objects.requireNonNull(fit, "fit");
        this.model = FlatBufferModel.BuildFromFile(file.toString());
        if (model == null || model.isNull()) {
            throw new IllegalArgumentException("not a TFLite model: " + file);
        }
        this.resolver = new BuiltinOpResolver();
        Convolution2DTransposeBias.addTo(resolver);
        this.interpreter = new Interpreter((Pointer) null);
        InterpreterBuilder builder = new InterpreterBuilder(model, resolver);
        builder.SetNumThreads(threads);
        check(builder.apply(interpreter), "cannot build an interpreter for " + file);
        builder.close();
        check(interpreter.AllocateTensors(), "cannot allocate the tensors of " + file);
        int[] in = Convolution2DTransposeBias.dims(interpreter.input_tensor(0));
        int[] out = Convolution2DTransposeBias.dims(interpreter.output_tensor(0));
        if (in.length != 4 || in[0] != 1 || in[3] != 3 || interpreter.input_tensor(0).type() != kTfLiteFloat32) {
            throw new IllegalArgumentException(file + " does not take one float RGB image: input "
                + Arrays.toString(in));
        }
        if (out.length != 4 || out[1] != in[1] || out[2] != in[2] || out[3] != 1
            || interpreter.output_tensor(0).type() != kTfLiteFloat32) {
            throw new IllegalArgumentException(file + " does not give one float probability per input pixel: output "
                + Arrays.toString(out));
        }
        this.inputHeight = in[1];
        this.inputWidth = in[2];
        this.modelVersion = stem(file) + "-" + inputWidth + "x" + inputHeight + "-sha256:" + sha256Prefix(file);
    }

    /** The general model, stretched to fit, on one thread. */
    public static SelfieSegmenter open() {
        return open(Variant.GENERAL, 1, Fit.STRETCH);
    }

    /** One of the published models from the assets folder. */
    public static SelfieSegmenter open(Variant variant, int threads, Fit fit) {
        return new SelfieSegmenter(Assets.require(variant.asset), threads, fit);
    }

    /** A selfie-segmentation model file of either shape. */
    public static SelfieSegmenter open(Path model, int threads, Fit fit) {
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("no model file " + model);
        }
        return new SelfieSegmenter(model, threads, fit);
    }

    /** For {@code FrameMask.modelVersion}: file name, input size and content hash. */
    public String modelVersion() {
        return modelVersion;
    }

    public int inputWidth() {
        return inputWidth;
    }

    public int inputHeight() {
        return inputHeight;
    }

    /** The person mask of {@code frame}, at the frame's size (255 = person). */
    public synchronized Mask segment(RgbImage frame) {
        if (closed) {
            throw new IllegalStateException("segmenter is closed");
        }
        int w = frame.width();
        int h = frame.height();
        try (PointerScope scope = new PointerScope()) {
            Mat rgb = new Mat(h, w, opencv_core.CV_8UC3);
            rgb.data().put(frame.pixels());
            Placement p = place(w, h);
            Mat scaled = new Mat();
            boolean shrinking = p.width < w || p.height < h;
            opencv_imgproc.resize(rgb, scaled, new Size(p.width, p.height), 0, 0,
                shrinking ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_LINEAR);
            Mat fitted = scaled;
            if (p.width != inputWidth || p.height != inputHeight) {
                fitted = new Mat();
                opencv_core.copyMakeBorder(scaled, fitted, p.top, inputHeight - p.height - p.top, p.left,
                    inputWidth - p.width - p.left, opencv_core.BORDER_CONSTANT, new Scalar(0.0));
            }
            Mat input = new Mat();
            fitted.convertTo(input, opencv_core.CV_32FC3, 1.0 / 255, 0);
            TfLiteTensor inTensor = interpreter.input_tensor(0);
            Pointer.memcpy(TfLiteTensorData(inTensor), input.data(), 4L * inputWidth * inputHeight * 3);
            int status = interpreter.Invoke();
            if (status != kTfLiteOk) {
                String why = Convolution2DTransposeBias.lastError();
                throw new IllegalStateException("segmentation failed (TFLite status " + status + ")"
                    + (why == null ? "" : ": " + why));
            }
            Mat probability = new Mat(inputHeight, inputWidth, opencv_core.CV_32FC1,
                new FloatPointer(TfLiteTensorData(interpreter.output_tensor(0))));
            Mat valid = probability.apply(new Rect(p.left, p.top, p.width, p.height));
            Mat resized = new Mat();
            opencv_imgproc.resize(valid, resized, new Size(w, h), 0, 0, opencv_imgproc.INTER_LINEAR);
            Mat bytes = new Mat();
            resized.convertTo(bytes, opencv_core.CV_8UC1, 255, 0);
            byte[] alpha = new byte[w * h];
            bytes.data().get(alpha);
            return new Mask(w, h, alpha);
        }
    }

    /** Where the frame lands inside the model input. */
    private record Placement(int left, int top, int width, int height) {
    }

    private Placement place(int w, int h) {
        if (fit == Fit.STRETCH) {
            return new Placement(0, 0, inputWidth, inputHeight);
        }
        double scale = Math.min((double) inputWidth / w, (double) inputHeight / h);
        int sw = Math.max(1, Math.min(inputWidth, (int) Math.round(w * scale)));
        int sh = Math.max(1, Math.min(inputHeight, (int) Math.round(h * scale)));
        return new Placement((inputWidth - sw) / 2, (inputHeight - sh) / 2, sw, sh);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            // the interpreter refers to the model and the resolver's registrations
            interpreter.close();
            resolver.close();
            model.close();
        }
    }

    private static void check(int status, String what) {
        if (status != kTfLiteOk) {
            String why = Convolution2DTransposeBias.lastError();
            throw new IllegalStateException(what + " (TFLite status " + status + ")" + (why == null ? "" : ": " + why));
        }
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String sha256Prefix(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
