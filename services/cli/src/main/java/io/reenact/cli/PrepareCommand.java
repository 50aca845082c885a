package io.reenact.cli;

import io.reenact.vision.data.TrainingSetPreparer;
import io.reenact.vision.face.FallbackFaceDetector;
import io.reenact.vision.mask.SelfieSegmenter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code reenact prepare}: real videos → the paper's face crops and person masks, ready for {@code reenact train --data}. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = "Real videos -> face crops (1.8x the tracked face box) + person masks in the training layout "
                + "OUT/<person>/<video>/{frames,masks}/NNNNNN.png. IN is a video file, a folder of videos "
                + "(one person each) or a folder of people, each a folder of videos.")
final class PrepareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "video file or folder")
    Path input;

    @Option(names = "--out", required = true, description = "output folder")
    Path output;

    @Option(names = "--size", defaultValue = "256", description = "crop size in pixels (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--every", defaultValue = "1", description = "keep one frame in N (default ${DEFAULT-VALUE})")
    int every;

    @Option(names = "--max-frames", defaultValue = "100000", description = "at most this many frames per video")
    int maxFrames;

    @Override
    public Integer call() throws Exception {
        List<TrainingSetPreparer.VideoResult> results;
        try (FallbackFaceDetector detector = FallbackFaceDetector.open(); SelfieSegmenter segmenter = SelfieSegmenter.open()) {
            results = new TrainingSetPreparer(detector, segmenter, size, every, maxFrames, System.err).prepare(input, output);
        }
        int written = 0;
        for (TrainingSetPreparer.VideoResult r : results) {
            System.out.printf("%s/%s: %d frames decoded, %d written, %d without a face%n",
                    r.person(), r.video(), r.decoded(), r.written(), r.withoutFace());
            written += r.written();
        }
        System.out.printf("%d videos, %d frames in %s (train with: reenact train --data %s)%n",
                results.size(), written, output, output);
        return written > 0 ? 0 : 1;
    }
}
