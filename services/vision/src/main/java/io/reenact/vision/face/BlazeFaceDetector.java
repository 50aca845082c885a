package io.reenact.vision.face;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.reenact.model.RgbImage;
import io.reenact.vision.Assets;
import io.reenact.vision.OpenCvImages;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * MediaPipe's short-range BlazeFace (front camera, 128×128) run by ONNX Runtime.
 *
 * <p>The frame is letterboxed into the square input so faces keep their shape, the 896 SSD anchors
 * (16×16 cells × 2 at stride 8, then 8×8 cells × 6 at stride 16, centred in their cells) are decoded,
 * and overlapping boxes are merged by score-weighted averaging, as MediaPipe does, which steadies
 * the box from frame to frame more than keeping only the best anchor.
 *
 * <p>The model's outputs are found by their shapes, not their names: the npm ONNX build has one
 * score and one box output per anchor layer ({@code [1,512,1]}, {@code [1,384,1]},
 * {@code [1,512,16]}, {@code [1,384,16]}), the original TFLite layout has one of each for all 896.
 *
 * <p>Thread-safe: ONNX Runtime sessions may be run concurrently and every call uses its own
 * buffers. {@link #close()} must not race with {@link #detect}.
 */
public final class BlazeFaceDetector implements FaceDetector {

    /** MediaPipe's score threshold for this model. */
    public static final float DEFAULT_MIN_SCORE = 0.5f;
    private static final double MERGE_IOU = 0.3;
    private static final int BOX_VALUES = 16;
    private static final int[][] LAYERS = {{16, 2}, {8, 6}};

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String inputName;
    private final int inputSize;
    private final List<Head> heads;
    private final float minLogit;

    /** One score output and its box output, covering {@code anchorCount} anchors starting at {@code firstAnchor}. */
    private record Head(String scores, String boxes, int firstAnchor, int anchorCount) {
    }

    /** The detector on the fetched model, one intra-op thread, default threshold. */
    public static BlazeFaceDetector open() {
        return new BlazeFaceDetector(Assets.require(Assets.BLAZEFACE), DEFAULT_MIN_SCORE, 1);
    }

    public BlazeFaceDetector(Path model, float minScore, int threads) {
        if (!(minScore > 0 && minScore < 1)) {
            throw new IllegalArgumentException("minScore must be in (0, 1): " + minScore);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.minLogit = (float) Math.log(minScore / (1.0 - minScore));
        try {
            environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(threads);
                options.setInterOpNumThreads(1);
                options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                session = environment.createSession(model.toString(), options);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load BlazeFace model " + model + ": " + e.getMessage(), e);
        }
        try {
            Map.Entry<String, NodeInfo> input = single(session.getInputInfo(), model);
            long[] shape = ((TensorInfo) input.getValue().getInfo()).getShape();
            if (shape.length != 4 || shape[1] != shape[2] || shape[3] != 3) {
                throw new IllegalStateException("BlazeFace model " + model + " should take NHWC [1,S,S,3], takes "
                        + Arrays.toString(shape));
            }
            inputName = input.getKey();
            inputSize = (int) shape[1];
            heads = heads(session.getOutputInfo(), model);
        } catch (OrtException | RuntimeException e) {
            closeQuietly();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    private static Map.Entry<String, NodeInfo> single(Map<String, NodeInfo> inputs, Path model) {
        if (inputs.size() != 1) {
            throw new IllegalStateException("BlazeFace model " + model + " should have one input, has " + inputs.keySet());
        }
        return inputs.entrySet().iterator().next();
    }

    /** Pairs score and box outputs by anchor count, in anchor order (the finer layer first). */
    private static List<Head> heads(Map<String, NodeInfo> outputs, Path model) {
        Map<Integer, String> scores = new TreeMap<>(Comparator.reverseOrder());
        Map<Integer, String> boxes = new TreeMap<>(Comparator.reverseOrder());
        for (Map.Entry<String, NodeInfo> output : outputs.entrySet()) {
            long[] shape = output.getValue().getInfo() instanceof TensorInfo t ? t.getShape() : new long[0];
            if (shape.length == 3 && shape[2] == 1) {
                scores.put((int) shape[1], output.getKey());
            } else if (shape.length == 3 && shape[2] == BOX_VALUES) {
                boxes.put((int) shape[1], output.getKey());
            }
        }
        List<Head> heads = new ArrayList<>();
        int first = 0;
        for (Map.Entry<Integer, String> s : scores.entrySet()) {
            String box = boxes.get(s.getKey());
            if (box == null) {
                break;
            }
            heads.add(new Head(s.getValue(), box, first, s.getKey()));
            first += s.getKey();
        }
        int expected = 0;
        for (int[] layer : LAYERS) {
            expected += layer[0] * layer[0] * layer[1];
        }
        if (heads.size() != scores.size() || heads.size() != boxes.size() || first != expected) {
            throw new IllegalStateException("BlazeFace model " + model + " should output scores [1,n,1] and boxes [1,n,16] for "
                    + expected + " anchors in all, outputs " + outputs.keySet());
        }
        return List.copyOf(heads);
    }

    /** Anchor centres in [0, 1] of the square input, in the order the model emits them. */
    private static float[] anchorCentres() {
        int total = 0;
        for (int[] layer : LAYERS) {
            total += layer[0] * layer[0] * layer[1];
        }
        float[] centres = new float[total * 2];
        int i = 0;
        for (int[] layer : LAYERS) {
            int grid = layer[0];
            for (int y = 0; y < grid; y++) {
                for (int x = 0; x < grid; x++) {
                    for (int a = 0; a < layer[1]; a++) {
                        centres[i++] = (x + 0.5f) / grid;
                        centres[i++] = (y + 0.5f) / grid;
                    }
                }
            }
        }
        return centres;
    }

    private static final float[] ANCHORS = anchorCentres();

    @Override
    public Optional<FaceBox> detect(RgbImage frame) {
        List<FaceBox> faces = detectAll(frame);
        return faces.isEmpty() ? Optional.empty() : Optional.of(faces.get(0));
    }

    /** Every face above the threshold, most confident first. */
    public List<FaceBox> detectAll(RgbImage frame) {
        Letterbox box = Letterbox.of(frame.width(), frame.height(), inputSize);
        float[] input = letterbox(frame, box);
        List<float[]> candidates = new ArrayList<>();
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input),
                new long[] {1, inputSize, inputSize, 3});
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            for (Head head : heads) {
                FloatBuffer scores = ((OnnxTensor) result.get(head.scores()).orElseThrow()).getFloatBuffer();
                FloatBuffer boxes = ((OnnxTensor) result.get(head.boxes()).orElseThrow()).getFloatBuffer();
                for (int i = 0; i < head.anchorCount(); i++) {
                    float logit = scores.get(i);
                    if (logit < minLogit) {
                        continue;
                    }
                    int anchor = head.firstAnchor() + i;
                    int b = i * BOX_VALUES;
                    float cx = ANCHORS[anchor * 2] + boxes.get(b) / inputSize;
                    float cy = ANCHORS[anchor * 2 + 1] + boxes.get(b + 1) / inputSize;
                    float w = boxes.get(b + 2) / inputSize;
                    float h = boxes.get(b + 3) / inputSize;
                    if (w > 0 && h > 0) {
                        float score = (float) (1.0 / (1.0 + Math.exp(-logit)));
                        candidates.add(new float[] {cx, cy, w, h, score});
                    }
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("BlazeFace inference failed: " + e.getMessage(), e);
        }
        List<FaceBox> faces = new ArrayList<>();
        for (float[] merged : mergeOverlapping(candidates)) {
            faces.add(box.toFrame(merged[0], merged[1], merged[2], merged[3], merged[4]));
        }
        return faces;
    }

    /** MediaPipe's weighted suppression: each cluster around a best box becomes its score-weighted mean. */
    static List<float[]> mergeOverlapping(List<float[]> candidates) {
        List<float[]> remaining = new ArrayList<>(candidates);
        remaining.sort((a, b) -> Float.compare(b[4], a[4]));
        List<float[]> merged = new ArrayList<>();
        while (!remaining.isEmpty()) {
            float[] best = remaining.get(0);
            double sx = 0, sy = 0, sw = 0, sh = 0, weight = 0;
            List<float[]> rest = new ArrayList<>();
            for (float[] c : remaining) {
                if (c == best || iou(best, c) > MERGE_IOU) {
                    sx += c[0] * c[4];
                    sy += c[1] * c[4];
                    sw += c[2] * c[4];
                    sh += c[3] * c[4];
                    weight += c[4];
                } else {
                    rest.add(c);
                }
            }
            merged.add(new float[] {(float) (sx / weight), (float) (sy / weight), (float) (sw / weight),
                    (float) (sh / weight), best[4]});
            remaining = rest;
        }
        return merged;
    }

    private static double iou(float[] a, float[] b) {
        double ix = Math.min(a[0] + a[2] / 2, b[0] + b[2] / 2) - Math.max(a[0] - a[2] / 2, b[0] - b[2] / 2);
        double iy = Math.min(a[1] + a[3] / 2, b[1] + b[3] / 2) - Math.max(a[1] - a[3] / 2, b[1] - b[3] / 2);
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        double inter = ix * iy;
        return inter / (a[2] * a[3] + b[2] * b[3] - inter);
    }

    /** The frame scaled into the square input, centred, the rest mid-grey (0 in the model's [-1, 1]). */
    private float[] letterbox(RgbImage frame, Letterbox box) {
        byte[] scaled;
        try (Mat source = OpenCvImages.toMat(frame); Mat target = new Mat();
             Size size = new Size(box.contentWidth(), box.contentHeight())) {
            boolean shrinking = box.contentWidth() < frame.width();
            resize(source, target, size, 0, 0, shrinking ? INTER_AREA : INTER_LINEAR);
            scaled = OpenCvImages.fromMat(target).pixels();
        }
        float[] input = new float[inputSize * inputSize * 3];
        for (int y = 0; y < box.contentHeight(); y++) {
            int src = y * box.contentWidth() * 3;
            int dst = ((y + box.top()) * inputSize + box.left()) * 3;
            for (int i = 0; i < box.contentWidth() * 3; i++) {
                input[dst + i] = (scaled[src + i] & 0xff) / 127.5f - 1f;
            }
        }
        return input;
    }

    /** Where the frame sits inside the square model input. */
    private record Letterbox(int frameWidth, int frameHeight, int size, int contentWidth, int contentHeight, int left, int top) {

        static Letterbox of(int width, int height, int size) {
            double scale = (double) size / Math.max(width, height);
            int w = Math.max(1, Math.min(size, (int) Math.round(width * scale)));
            int h = Math.max(1, Math.min(size, (int) Math.round(height * scale)));
            return new Letterbox(width, height, size, w, h, (size - w) / 2, (size - h) / 2);
        }

        /** A box given as centre and size in [0, 1] of the input, in frame pixels. */
        FaceBox toFrame(float cx, float cy, float w, float h, float score) {
            double sx = (double) contentWidth / frameWidth;
            double sy = (double) contentHeight / frameHeight;
            return FaceBox.centred((cx * size - left) / sx, (cy * size - top) / sy, w * size / sx, h * size / sy,
                    Math.min(1f, Math.max(0f, score)));
        }
    }

    private void closeQuietly() {
        try {
            session.close();
        } catch (OrtException ignored) {
            // already failing; the first error is the one to report
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the BlazeFace session", e);
        }
    }
}
