package io.reenact.vision.mask;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteIntArrayCreate;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorData;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteBuiltinCustom;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteError;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteFloat32;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteOk;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.MutableOpResolver;
import org.bytedeco.tensorflowlite.TfLiteContext;
import org.bytedeco.tensorflowlite.TfLiteIntArray;
import org.bytedeco.tensorflowlite.TfLiteNode;
import org.bytedeco.tensorflowlite.TfLiteRegistration;
import org.bytedeco.tensorflowlite.TfLiteTensor;

/**
 * MediaPipe's custom TFLite op {@code Convolution2DTransposeBias}: a transposed 2-D convolution
 * with bias, which stock TFLite does not ship. The MediaPipe segmentation models need it to load.
 *
 * <p>Inputs: input {@code [1,H,W,Cin]}, weights {@code [Cout,kh,kw,Cin]}, bias {@code [Cout]};
 * output {@code [1,H*s,W*s,Cout]} for SAME padding ({@code [1,(H-1)*s+kh,(W-1)*s+kw,Cout]} for
 * VALID). The op's custom options are the raw bytes of a {@code TfLiteTransposeConvParams}:
 * {@code int padding, int stride_width, int stride_height} (native byte order).
 *
 * <p>The kernel is Java: TFLite calls the prepare and invoke function pointers below. JavaCPP
 * frees a callback's native thunk when its Java object is collected, and TFLite keeps the raw
 * addresses for as long as any interpreter lives, so the callbacks and the registration are
 * static and never released. When the XNNPACK delegate is active it takes this op over with its
 * own native deconvolution, and the Java kernel only runs for the nodes XNNPACK leaves alone.
 */
public final class Convolution2DTransposeBias {

    /** The custom-op name the models use. */
    public static final String NAME = "Convolution2DTransposeBias";

    /** TfLitePadding values. */
    static final int PADDING_SAME = 1;
    static final int PADDING_VALID = 2;

    private static final AtomicLong INVOCATIONS = new AtomicLong();
    private static final ThreadLocal<String> LAST_ERROR = new ThreadLocal<>();

    private static final TfLiteRegistration.Prepare_TfLiteContext_TfLiteNode PREPARE =
        new TfLiteRegistration.Prepare_TfLiteContext_TfLiteNode() {
            @Override
            public int call(TfLiteContext context, TfLiteNode node) {
                return guarded(() -> prepare(context, node));
            }
        };

    private static final TfLiteRegistration.Invoke_TfLiteContext_TfLiteNode INVOKE =
        new TfLiteRegistration.Invoke_TfLiteContext_TfLiteNode() {
            @Override
            public int call(TfLiteContext context, TfLiteNode node) {
                return guarded(() -> invoke(context, node));
            }
        };

    // resolvers keep this char* (not a copy) as the registration's name: it must outlive them
    private static final BytePointer NATIVE_NAME = new BytePointer(NAME);

    private static final TfLiteRegistration REGISTRATION = new TfLiteRegistration()
        .prepare(PREPARE).invoke(INVOKE).custom_name(NATIVE_NAME).version(1)
        // marks it custom, so a node added directly to an interpreter gets its options as custom data
        .builtin_code(kTfLiteBuiltinCustom);

    private Convolution2DTransposeBias() {
    }

    /** The registration to hand to an op resolver; it stays valid for the life of the JVM. */
    public static TfLiteRegistration registration() {
        return REGISTRATION;
    }

    /** Adds the op to {@code resolver} under its model name (version 1). */
    public static void addTo(MutableOpResolver resolver) {
        resolver.AddCustom(NATIVE_NAME, REGISTRATION, 1);
    }

    /** How many times TFLite has run the Java kernel in this JVM (to tell it from XNNPACK's). */
    public static long invocations() {
        return INVOCATIONS.get();
    }

    /**
     * Why the op last failed on this thread, or null. TFLite only sees a status code from a
     * callback, so the interpreter's owner reads the reason here to put it in its exception.
     */
    public static String lastError() {
        return LAST_ERROR.get();
    }

    /** Transposed-convolution geometry for one input size. */
    record Geometry(int inH, int inW, int cin, int kh, int kw, int cout, int strideH, int strideW, int padding) {

        Geometry {
            if (strideH <= 0 || strideW <= 0) {
                throw new IllegalArgumentException("strides must be positive: " + strideH + "x" + strideW);
            }
            if (padding != PADDING_SAME && padding != PADDING_VALID) {
                throw new IllegalArgumentException("padding must be SAME (1) or VALID (2), got " + padding);
            }
        }

        int outH() {
            return padding == PADDING_SAME ? inH * strideH : (inH - 1) * strideH + kh;
        }

        int outW() {
            return padding == PADDING_SAME ? inW * strideW : (inW - 1) * strideW + kw;
        }

        /** Rows of the full (uncropped) transposed output cut off at the top, as TFLite pads. */
        int padTop() {
            return Math.max(0, (inH - 1) * strideH + kh - outH()) / 2;
        }

        int padLeft() {
            return Math.max(0, (inW - 1) * strideW + kw - outW()) / 2;
        }
    }

    /**
     * The op's arithmetic on plain arrays: every input pixel scatters its channel vector, weighted
     * by the kernel, onto the output pixels it covers; then the bias is added once per output.
     */
    static float[] compute(Geometry g, float[] input, float[] weights, float[] bias) {
        int outH = g.outH();
        int outW = g.outW();
        int cin = g.cin();
        int cout = g.cout();
        float[] out = new float[outH * outW * cout];
        int padTop = g.padTop();
        int padLeft = g.padLeft();
        for (int iy = 0; iy < g.inH(); iy++) {
            for (int ix = 0; ix < g.inW(); ix++) {
                int inBase = (iy * g.inW() + ix) * cin;
                for (int ky = 0; ky < g.kh(); ky++) {
                    int oy = iy * g.strideH() - padTop + ky;
                    if (oy < 0 || oy >= outH) {
                        continue;
                    }
                    for (int kx = 0; kx < g.kw(); kx++) {
                        int ox = ix * g.strideW() - padLeft + kx;
                        if (ox < 0 || ox >= outW) {
                            continue;
                        }
                        int outBase = (oy * outW + ox) * cout;
                        for (int oc = 0; oc < cout; oc++) {
                            int wBase = ((oc * g.kh() + ky) * g.kw() + kx) * cin;
                            float sum = 0f;
                            for (int ic = 0; ic < cin; ic++) {
                                sum += input[inBase + ic] * weights[wBase + ic];
                            }
                            out[outBase + oc] += sum;
                        }
                    }
                }
            }
        }
        for (int p = 0; p < outH * outW; p++) {
            for (int oc = 0; oc < cout; oc++) {
                out[p * cout + oc] += bias[oc];
            }
        }
        return out;
    }

    // --- TFLite callbacks -------------------------------------------------------------------

    private interface Step {
        int run();
    }

    /** An exception must not cross into native code: it becomes kTfLiteError plus lastError(). */
    private static int guarded(Step step) {
        try {
            LAST_ERROR.remove();
            return step.run();
        } catch (RuntimeException | Error e) {
            LAST_ERROR.set(NAME + ": " + e.getMessage());
            return kTfLiteError;
        }
    }

    private static int prepare(TfLiteContext context, TfLiteNode node) {
        Geometry g = geometry(context, node);
        TfLiteTensor output = tensor(context, node.outputs(), 0);
        TfLiteIntArray shape = TfLiteIntArrayCreate(4);
        shape.data(0, 1).data(1, g.outH()).data(2, g.outW()).data(3, g.cout());
        // ResizeTensor takes ownership of the array
        return context.ResizeTensor().call(context, output, shape);
    }

    private static int invoke(TfLiteContext context, TfLiteNode node) {
        Geometry g = geometry(context, node);
        float[] input = read(tensor(context, node.inputs(), 0), g.inH() * g.inW() * g.cin());
        float[] weights = read(tensor(context, node.inputs(), 1), g.cout() * g.kh() * g.kw() * g.cin());
        float[] bias = read(tensor(context, node.inputs(), 2), g.cout());
        float[] out = compute(g, input, weights, bias);
        TfLiteTensor output = tensor(context, node.outputs(), 0);
        int[] dims = dims(output);
        if (dims.length != 4 || dims[1] != g.outH() || dims[2] != g.outW() || dims[3] != g.cout()) {
            throw new IllegalStateException("output tensor was not prepared: " + Arrays.toString(dims));
        }
        new FloatPointer(TfLiteTensorData(output)).put(out);
        INVOCATIONS.incrementAndGet();
        return kTfLiteOk;
    }

    private static Geometry geometry(TfLiteContext context, TfLiteNode node) {
        if (node.inputs().size() != 3 || node.outputs().size() != 1) {
            throw new IllegalArgumentException("needs 3 inputs and 1 output, got "
                + node.inputs().size() + " and " + node.outputs().size());
        }
        TfLiteTensor input = tensor(context, node.inputs(), 0);
        TfLiteTensor weights = tensor(context, node.inputs(), 1);
        TfLiteTensor bias = tensor(context, node.inputs(), 2);
        for (TfLiteTensor t : new TfLiteTensor[] {input, weights, bias}) {
            if (t.type() != kTfLiteFloat32) {
                throw new IllegalArgumentException("only float32 tensors are supported, got type " + t.type());
            }
        }
        int[] in = dims(input);
        int[] w = dims(weights);
        int[] b = dims(bias);
        if (in.length != 4 || in[0] != 1 || w.length != 4 || b.length != 1 || w[3] != in[3] || b[0] != w[0]) {
            throw new IllegalArgumentException("shapes do not fit: input " + Arrays.toString(in)
                + ", weights " + Arrays.toString(w) + ", bias " + Arrays.toString(b));
        }
        if (node.custom_initial_data() == null || node.custom_initial_data_size() < 12) {
            throw new IllegalArgumentException("custom options must hold padding and strides (12 bytes), got "
                + node.custom_initial_data_size());
        }
        IntPointer params = new IntPointer(node.custom_initial_data());
        int padding = params.get(0);
        int strideW = params.get(1);
        int strideH = params.get(2);
        return new Geometry(in[1], in[2], in[3], w[1], w[2], w[0], strideH, strideW, padding);
    }

    private static TfLiteTensor tensor(TfLiteContext context, TfLiteIntArray indices, int which) {
        int index = indices.data(which);
        if (index < 0 || index >= context.tensors_size()) {
            throw new IllegalArgumentException("no tensor " + index);
        }
        return context.tensors().getPointer(index);
    }

    /** A tensor's shape (shared with {@link SelfieSegmenter}). */
    static int[] dims(TfLiteTensor t) {
        TfLiteIntArray d = t.dims();
        int[] dims = new int[d.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = d.data(i);
        }
        return dims;
    }

    private static float[] read(TfLiteTensor t, int count) {
        Pointer data = TfLiteTensorData(t);
        if (data == null || data.isNull() || t.bytes() < 4L * count) {
            throw new IllegalStateException("tensor holds " + t.bytes() + " bytes, needs " + 4L * count);
        }
        float[] values = new float[count];
        new FloatPointer(data).get(values);
        return values;
    }
}
