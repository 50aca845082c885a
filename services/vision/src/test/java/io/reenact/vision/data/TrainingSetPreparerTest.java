package io.reenact.vision.data;

import io.reenact.model.data.FrameDirectoryDataset;
import io.reenact.vision.Assets;
import io.reenact.vision.face.BlazeFaceDetector;
import io.reenact.vision.mask.SelfieSegmenter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingSetPreparerTest {

    @Test
    void megamindBecomesCropsAndMasksTheTrainerReads(@TempDir Path tmp) throws Exception {
        Path people = Files.createDirectories(tmp.resolve("videos/megamind"));
        Files.copy(Assets.require(Assets.MEGAMIND), people.resolve("clip.avi"));
        Path out = tmp.resolve("prepared");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<TrainingSetPreparer.VideoResult> results;
        try (BlazeFaceDetector detector = BlazeFaceDetector.open(); SelfieSegmenter segmenter = SelfieSegmenter.open()) {
            TrainingSetPreparer preparer = new TrainingSetPreparer(detector, segmenter, 128, 9, 12, new PrintStream(log));
            results = preparer.prepare(tmp.resolve("videos"), out);
        }

        assertEquals(1, results.size());
        TrainingSetPreparer.VideoResult r = results.get(0);
        assertEquals("megamind", r.person());
        assertEquals(12, r.written(), "12 of the clip's 30 sampled frames have a face: " + r);
        assertTrue(log.toString().contains("prepare megamind/clip"), "progress is shown");

        Path video = out.resolve("megamind/clip");
        // the clip fades in from black: its first frames have no face and are left out
        String first;
        try (var files = Files.list(video.resolve("frames"))) {
            first = files.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
        }
        assertTrue(first.compareTo("000000.png") > 0, "the black first frame is not written: " + first);
        BufferedImage crop = ImageIO.read(video.resolve("frames").resolve(first).toFile());
        BufferedImage mask = ImageIO.read(video.resolve("masks").resolve(first).toFile());
        assertEquals(128, crop.getWidth());
        assertEquals(128, crop.getHeight());
        // the crop is centred on the face, so the centre of the mask is person and its top corners are not
        assertTrue(grey(mask, 64, 64) > 128, "mask centre is foreground");
        assertTrue(grey(mask, 2, 2) < 128 || grey(mask, 125, 2) < 128, "a top corner is background");

        FrameDirectoryDataset dataset = new FrameDirectoryDataset(out, 128);
        assertEquals(1, dataset.videos().size());
        assertEquals(12, dataset.videos().get(0).frames().size());
        assertEquals(0, dataset.framesWithoutMask());
    }

    private static int grey(BufferedImage img, int x, int y) {
        return img.getRaster().getSample(x, y, 0);
    }
}
