package io.reenact.vision.mask;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorData;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteFloat32;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteOk;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.TfLiteQuantizationParams;
import org.bytedeco.tensorflowlite.TfLiteTensor;
import org.junit.jupiter.api.Test;

/**
 * The custom op against numbers worked out by hand, then the same op run by a real TFLite
 * interpreter (a one-node graph built in memory with the op's registration), compared with an
 * independently written gather-form transposed convolution.
 */
class Convolution2DTransposeBiasTest {

    // input 2x2x1 [[1,2],[3,4]], kernel 3x3 [[1,2,3],[4,5,6],[7,8,9]], bias 0.5, stride 2, SAME:
    // output 4x4; each input pixel adds its value times the kernel at (2*iy, 2*ix), the 5th
    // row/column of the full 5x5 result is cut (TFLite SAME puts the odd padding at the end)
    private static final float[] INPUT = {1, 2, 3, 4};
    private static final float[] KERNEL = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    private static final float[] BIAS = {0.5f};
    private static final float[] EXPECTED = {
        1.5f, 2.5f, 5.5f, 4.5f,
        4.5f, 5.5f, 14.5f, 10.5f,
        10.5f, 14.5f, 36.5f, 24.5f,
        12.5f, 15.5f, 34.5f, 20.5f,
    };

    @Test
    void javaKernelMatchesTheHandWorkedCase() {
        var g = new Convolution2DTransposeBias.Geometry(2, 2, 1, 3, 3, 1, 2, 2, Convolution2DTransposeBias.PADDING_SAME);
        assertEquals(4, g.outH());
        assertEquals(4, g.outW());
        assertArrayEquals(EXPECTED, Convolution2DTransposeBias.compute(g, INPUT, KERNEL, BIAS), 1e-6f);
    }

    @Test
    void registeredOpRunsInsideTfliteOnTheHandWorkedCase() {
        long before = Convolution2DTransposeBias.invocations();
        float[] out = runInTflite(new int[] {1, 2, 2, 1}, INPUT, new int[] {1, 3, 3, 1}, KERNEL, BIAS,
            Convolution2DTransposeBias.PADDING_SAME, 2, 2, new int[] {1, 4, 4, 1});
        assertArrayEquals(EXPECTED, out, 1e-6f);
        assertEquals(before + 1, Convolution2DTransposeBias.invocations(), "TFLite called the Java kernel once");
    }

    @Test
    void registeredOpMatchesAGatherFormReferenceOnRandomMultiChannelData() {
        Random rnd = new Random(7);
        int h = 5;
        int w = 3;
        int cin = 4;
        int cout = 3;
        int k = 4;
        int sh = 2;
        int sw = 3;
        float[] input = random(rnd, h * w * cin);
        float[] weights = random(rnd, cout * k * k * cin);
        float[] bias = random(rnd, cout);
        for (int padding : new int[] {Convolution2DTransposeBias.PADDING_SAME, Convolution2DTransposeBias.PADDING_VALID}) {
            int outH = padding == Convolution2DTransposeBias.PADDING_SAME ? h * sh : (h - 1) * sh + k;
            int outW = padding == Convolution2DTransposeBias.PADDING_SAME ? w * sw : (w - 1) * sw + k;
            float[] got = runInTflite(new int[] {1, h, w, cin}, input, new int[] {cout, k, k, cin}, weights, bias,
                padding, sw, sh, new int[] {1, outH, outW, cout});
            float[] want = gather(input, h, w, cin, weights, k, k, cout, bias, sh, sw, outH, outW);
            assertArrayEquals(want, got, 1e-4f, "padding " + padding);
        }
    }

    @Test
    void badOptionsFailThePrepareStepWithAReason() {
        Interpreter interpreter = graph(new int[] {1, 2, 2, 1}, new int[] {1, 3, 3, 1}, KERNEL, BIAS,
            new IntPointer(new int[] {7, 2, 2}));
        int status = interpreter.AllocateTensors();
        assertNotEquals(kTfLiteOk, status);
        assertNotNull(Convolution2DTransposeBias.lastError());
        assertTrue(Convolution2DTransposeBias.lastError().contains("padding"), Convolution2DTransposeBias.lastError());
        interpreter.close();
    }

    /** Direct formula: out[oy,ox,oc] = bias + sum over taps (ky,kx) whose input pixel lands there. */
    private static float[] gather(float[] in, int h, int w, int cin, float[] wt, int kh, int kw, int cout,
                                  float[] bias, int sh, int sw, int outH, int outW) {
        int padTop = Math.max(0, (h - 1) * sh + kh - outH) / 2;
        int padLeft = Math.max(0, (w - 1) * sw + kw - outW) / 2;
        float[] out = new float[outH * outW * cout];
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                for (int oc = 0; oc < cout; oc++) {
                    double sum = bias[oc];
                    for (int ky = 0; ky < kh; ky++) {
                        int ty = oy + padTop - ky;
                        if (ty < 0 || ty % sh != 0 || ty / sh >= h) {
                            continue;
                        }
                        for (int kx = 0; kx < kw; kx++) {
                            int tx = ox + padLeft - kx;
                            if (tx < 0 || tx % sw != 0 || tx / sw >= w) {
                                continue;
                            }
                            for (int ic = 0; ic < cin; ic++) {
                                sum += in[((ty / sh) * w + tx / sw) * cin + ic] * wt[((oc * kh + ky) * kw + kx) * cin + ic];
                            }
                        }
                    }
                    out[(oy * outW + ox) * cout + oc] = (float) sum;
                }
            }
        }
        return out;
    }

    private static float[] runInTflite(int[] inDims, float[] input, int[] wDims, float[] weights, float[] bias,
                                       int padding, int strideW, int strideH, int[] expectedOutDims) {
        Interpreter interpreter = graph(inDims, wDims, weights, bias, new IntPointer(new int[] {padding, strideW, strideH}));
        try {
            assertEquals(kTfLiteOk, interpreter.AllocateTensors(), () -> "prepare: " + Convolution2DTransposeBias.lastError());
            TfLiteTensor out = interpreter.tensor(3);
            int[] dims = new int[out.dims().size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = out.dims().data(i);
            }
            assertArrayEquals(expectedOutDims, dims, "prepare resized the output");
            new FloatPointer(TfLiteTensorData(interpreter.tensor(0))).put(input);
            assertEquals(kTfLiteOk, interpreter.Invoke(), () -> "invoke: " + Convolution2DTransposeBias.lastError());
            float[] result = new float[(int) (out.bytes() / 4)];
            new FloatPointer(TfLiteTensorData(interpreter.tensor(3))).get(result);
            return result;
        } finally {
            interpreter.close();
        }
    }

    // the graph keeps raw pointers to the constant buffers and options: hold them until the test ends
    private static final java.util.List<Object> KEEP = new java.util.ArrayList<>();

    private static Interpreter graph(int[] inDims, int[] wDims, float[] weights, float[] bias, IntPointer options) {
        Interpreter interpreter = new Interpreter();
        TfLiteQuantizationParams none = new TfLiteQuantizationParams();
        FloatPointer w = new FloatPointer(weights);
        FloatPointer b = new FloatPointer(bias);
        KEEP.add(w);
        KEEP.add(b);
        KEEP.add(options);
        assertEquals(kTfLiteOk, interpreter.AddTensors(4));
        assertEquals(kTfLiteOk, interpreter.SetInputs(new int[] {0}));
        assertEquals(kTfLiteOk, interpreter.SetOutputs(new int[] {3}));
        assertEquals(kTfLiteOk, interpreter.SetTensorParametersReadWrite(0, kTfLiteFloat32, new BytePointer("input"), inDims, none));
        assertEquals(kTfLiteOk, interpreter.SetTensorParametersReadOnly(1, kTfLiteFloat32, new BytePointer("weights"), wDims, none,
            new BytePointer(w), 4L * weights.length));
        assertEquals(kTfLiteOk, interpreter.SetTensorParametersReadOnly(2, kTfLiteFloat32, new BytePointer("bias"),
            new int[] {bias.length}, none, new BytePointer(b), 4L * bias.length));
        assertEquals(kTfLiteOk, interpreter.SetTensorParametersReadWrite(3, kTfLiteFloat32, new BytePointer("output"),
            new int[] {1, 1, 1, wDims[0]}, none));
        assertEquals(kTfLiteOk, interpreter.AddNodeWithParameters(new int[] {0, 1, 2}, new int[] {3},
            new BytePointer(options), 12L, null, Convolution2DTransposeBias.registration()));
        return interpreter;
    }

    private static float[] random(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextFloat() * 2 - 1;
        }
        return v;
    }
}
