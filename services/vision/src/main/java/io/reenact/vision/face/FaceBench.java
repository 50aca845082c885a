package io.reenact.vision.face;

import static io.reenact.vision.Timings.percentile;
import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT_101;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import io.reenact.model.RgbImage;
import io.reenact.vision.Assets;
import io.reenact.vision.MediaFrames;
import io.reenact.vision.OpenCvImages;
import io.reenact.vision.Timings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Prints what the face stage costs and how steady its crop is, on real media:
 *
 * <ol>
 *   <li>detection rate and per-frame cost (p50, p99) of BlazeFace, the Haar cascade and the two
 *       together on every frame of {@code Megamind.avi};</li>
 *   <li>crop-centre jitter on a static head: {@code astronaut.png} as a still camera would see it
 *       over N frames (sensor noise, JPEG re-encoding at varying quality, sub-pixel shifts of up to
 *       a pixel), frame-to-frame crop-centre displacement raw and through {@link FaceTracker}.</li>
 * </ol>
 *
 * <p>Arguments: {@code [static frames, default 200] [fps, default 30]}.
 */
public final class FaceBench {

    private FaceBench() {
    }

    public static void main(String[] args) {
        int staticFrames = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        double fps = args.length > 1 ? Double.parseDouble(args[1]) : 30;
        run(staticFrames, fps);
    }

    /** What a run found, for a summary. */
    public record Result(Detection blazeFace, Detection cascade, Jitter blazeFaceJitter) {
    }

    /** Faces found on Megamind.avi and the per-frame cost of finding them, in milliseconds. */
    public record Detection(int found, int frames, double p50, double p99) {
    }

    /** 95th percentile of the frame-to-frame crop-centre displacement on a static head, in pixels. */
    public record Jitter(double rawP95, double smoothedP95) {
    }

    /** Prints every measurement and returns the headline ones. */
    public static Result run(int staticFrames, double fps) {
        List<RgbImage> video = MediaFrames.readVideo(Assets.require(Assets.MEGAMIND), Integer.MAX_VALUE);
        RgbImage still = MediaFrames.readImage(Assets.require(Assets.ASTRONAUT));
        System.out.printf("cores %d, Megamind.avi %d frames %dx%d%n", Runtime.getRuntime().availableProcessors(), video.size(),
                video.get(0).width(), video.get(0).height());
        try (BlazeFaceDetector blazeFace = BlazeFaceDetector.open(); CascadeFaceDetector cascade = CascadeFaceDetector.open()) {
            // not closed itself: closing it would close the two detectors a second time
            FallbackFaceDetector both = new FallbackFaceDetector(blazeFace, cascade);
            Detection blazeFaceDetection = detection("BlazeFace", blazeFace, video);
            Detection cascadeDetection = detection("Haar cascade", cascade, video);
            detection("BlazeFace, else cascade", both, video);
            List<RgbImage> frames = staticCamera(still, staticFrames, new Random(20260424));
            Jitter blazeFaceJitter = jitter("BlazeFace", blazeFace, frames, fps);
            jitter("Haar cascade", cascade, frames, fps);
            pan(blazeFace, still, fps);
            return new Result(blazeFaceDetection, cascadeDetection, blazeFaceJitter);
        }
    }

    private static Detection detection(String name, FaceDetector detector, List<RgbImage> frames) {
        for (int i = 0; i < Math.min(10, frames.size()); i++) {
            detector.detect(frames.get(i));
        }
        Timings timings = new Timings(frames.size());
        int found = 0;
        for (RgbImage frame : frames) {
            timings.start();
            Optional<FaceBox> face = detector.detect(frame);
            timings.stop();
            if (face.isPresent()) {
                found++;
            }
        }
        Detection d = new Detection(found, frames.size(), timings.wallMillis(50), timings.wallMillis(99));
        System.out.printf("%-24s Megamind: face in %d/%d frames (%.1f%%), per frame p50 %.2f ms, p99 %.2f ms%n", name, found,
                frames.size(), 100.0 * found / frames.size(), d.p50(), d.p99());
        return d;
    }

    /**
     * {@code image} as consecutive frames of a still camera: each frame moved by a random sub-pixel
     * offset, given Gaussian sensor noise (σ = 2 levels) and JPEG-encoded at a quality of 60 to 95.
     */
    static List<RgbImage> staticCamera(RgbImage image, int count, Random random) {
        List<RgbImage> frames = new ArrayList<>(count);
        try (Mat source = OpenCvImages.toMat(image); Size size = new Size(image.width(), image.height())) {
            for (int i = 0; i < count; i++) {
                double dx = random.nextDouble();
                double dy = random.nextDouble();
                byte[] shifted;
                try (Mat shift = new Mat(2, 3, CV_64F); Mat moved = new Mat(); Scalar border = new Scalar()) {
                    DoublePointer m = new DoublePointer(shift.data());
                    m.put(new double[] {1, 0, dx, 0, 1, dy});
                    warpAffine(source, moved, shift, size, INTER_LINEAR, BORDER_REFLECT_101, border);
                    shifted = OpenCvImages.fromMat(moved).pixels();
                }
                for (int p = 0; p < shifted.length; p++) {
                    int v = (int) Math.round((shifted[p] & 0xff) + 2 * random.nextGaussian());
                    shifted[p] = (byte) Math.max(0, Math.min(255, v));
                }
                frames.add(jpeg(new RgbImage(image.width(), image.height(), shifted), 60 + random.nextInt(36)));
            }
        }
        return frames;
    }

    private static RgbImage jpeg(RgbImage image, int quality) {
        try (Mat rgb = OpenCvImages.toMat(image); BytePointer encoded = new BytePointer();
             IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, quality)) {
            // channel order does not matter for a round trip as long as both ends agree
            if (!imencode(".jpg", rgb, encoded, params)) {
                throw new IllegalStateException("JPEG encoding failed");
            }
            try (Mat bytes = new Mat(1, (int) encoded.limit(), CV_8UC1, encoded);
                 Mat decoded = imdecode(bytes, IMREAD_COLOR)) {
                return OpenCvImages.fromMat(decoded);
            }
        }
    }

    private static Jitter jitter(String name, FaceDetector detector, List<RgbImage> frames, double fps) {
        FaceTracker tracker = new FaceTracker(detector);
        PaperCrop crop = new PaperCrop(128);
        List<double[]> raw = new ArrayList<>();
        List<double[]> smooth = new ArrayList<>();
        int found = 0;
        for (int i = 0; i < frames.size(); i++) {
            Optional<FaceBox> face = detector.detect(frames.get(i));
            if (face.isEmpty()) {
                continue;
            }
            found++;
            FaceBox smoothed = tracker.update(face.get(), i / fps).box();
            raw.add(centres(face.get(), crop));
            smooth.add(centres(smoothed, crop));
        }
        System.out.printf("%-24s static head, %d/%d frames with a face:%n", name, found, frames.size());
        return new Jitter(report("  raw box", raw), report("  FaceTracker (1€)", smooth));
    }

    /**
     * The lag the smoothing costs: {@code image} still for 10 frames, panned right at 4 px a frame
     * for 30, then still for 30; how far the smoothed box trails the detected one while moving, and
     * how many frames after the stop it takes to come within a pixel of it.
     */
    private static void pan(FaceDetector detector, RgbImage image, double fps) {
        FaceTracker tracker = new FaceTracker(detector);
        double speed = 4;
        double[] lag = new double[30];
        int settled = -1;
        double offset = 0;
        for (int i = 0; i < 70; i++) {
            if (i >= 10 && i < 40) {
                offset += speed;
            }
            Optional<FaceBox> face = detector.detect(shifted(image, offset));
            if (face.isEmpty()) {
                System.out.printf("pan: no face at frame %d%n", i);
                continue;
            }
            FaceBox smoothed = tracker.update(face.get(), i / fps).box();
            double behind = face.get().centreX() - smoothed.centreX();
            if (i >= 10 && i < 40) {
                lag[i - 10] = behind;
            } else if (i >= 40 && settled < 0 && Math.abs(behind) < 1) {
                settled = i - 39;
            }
        }
        System.out.printf("FaceTracker on a %.0f px/s pan (BlazeFace): trails the detected centre by p50 %.1f px, max %.1f px;"
                        + " within 1 px %d frame(s) after the stop%n",
                speed * fps, percentile(lag, 50), Arrays.stream(lag).max().orElse(0), settled);
    }

    private static RgbImage shifted(RgbImage image, double dx) {
        try (Mat source = OpenCvImages.toMat(image); Size size = new Size(image.width(), image.height());
             Mat shift = new Mat(2, 3, CV_64F); Mat moved = new Mat(); Scalar grey = new Scalar(128, 128, 128, 0)) {
            new DoublePointer(shift.data()).put(new double[] {1, 0, dx, 0, 1, 0});
            warpAffine(source, moved, shift, size, INTER_LINEAR, BORDER_CONSTANT, grey);
            return OpenCvImages.fromMat(moved);
        }
    }

    /** Box centre, centre of the whole-pixel crop square, crop side. */
    private static double[] centres(FaceBox box, PaperCrop crop) {
        PaperCrop.CropSquare square = crop.square(box);
        return new double[] {box.centreX(), box.centreY(), square.centreX(), square.centreY(), square.side()};
    }

    /** Prints the displacements along {@code track}; returns the crop centre's p95 (NaN on too few frames). */
    private static double report(String label, List<double[]> track) {
        int n = track.size() - 1;
        if (n < 1) {
            System.out.printf("%-20s too few frames%n", label);
            return Double.NaN;
        }
        double[] centre = new double[n];
        double[] square = new double[n];
        double[] side = new double[n];
        for (int i = 0; i < n; i++) {
            double[] a = track.get(i);
            double[] b = track.get(i + 1);
            centre[i] = Math.hypot(b[0] - a[0], b[1] - a[1]);
            square[i] = Math.hypot(b[2] - a[2], b[3] - a[3]);
            side[i] = Math.abs(b[4] - a[4]);
        }
        System.out.printf("%-20s frame-to-frame crop-centre displacement p50 %.3f px, p95 %.3f px, max %.3f px;"
                        + " whole-pixel crop square p95 %.2f px, side change p95 %.2f px%n",
                label, percentile(centre, 50), percentile(centre, 95), Arrays.stream(centre).max().orElse(0),
                percentile(square, 95), percentile(side, 95));
        return percentile(centre, 95);
    }
}
