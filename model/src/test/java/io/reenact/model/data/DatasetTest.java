package io.reenact.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.model.RgbImage;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {

    @Test
    void framePickerGivesDistinctFrames() {
        Random rng = new Random(1);
        for (int rep = 0; rep < 200; rep++) {
            int[] p = FramePicker.pick(12, 8, rng);
            assertEquals(9, Arrays.stream(p).distinct().count());
            assertTrue(Arrays.stream(p).allMatch(i -> i >= 0 && i < 12));
            int[] q = FramePicker.pick(3, 8, rng);
            int target = q[8];
            assertTrue(Arrays.stream(q, 0, 8).noneMatch(i -> i == target), "short video: target stays distinct");
        }
    }

    @Test
    void syntheticSamplesComeFromOneVideoAndAreThreadSafe() throws Exception {
        SyntheticVideoDataset ds = new SyntheticVideoDataset(new SyntheticHeads(4), Split.TRAIN, 3, 2, 50, 48);
        assertEquals(6, ds.videoCount());
        assertEquals(48, ds.imageSize());
        assertEquals(ds.identity(4), ds.identity(5));
        assertNotEquals(ds.identity(3), ds.identity(4));
        TrainingSample s = ds.sample(4, 4, new Random(3));
        assertEquals(4, s.identityFrames().size());
        assertEquals(4, s.videoIndex());
        assertEquals(48, s.target().width());
        assertEquals(48, s.targetMask().width());
        Set<String> distinct = new HashSet<>();
        for (RgbImage img : s.identityFrames()) {
            distinct.add(Arrays.toString(img.pixels()));
        }
        distinct.add(Arrays.toString(s.target().pixels()));
        assertEquals(5, distinct.size(), "K + 1 different frames");

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<TrainingSample>> futures = List.of(
                    pool.submit(() -> ds.sample(1, 3, new Random(9))),
                    pool.submit(() -> ds.sample(1, 3, new Random(9))));
            TrainingSample a = futures.get(0).get();
            TrainingSample b = futures.get(1).get();
            assertArrayEquals(a.target().pixels(), b.target().pixels());
            assertArrayEquals(a.targetMask().alpha(), b.targetMask().alpha());
        } finally {
            pool.shutdown();
        }
        assertThrows(IndexOutOfBoundsException.class, () -> ds.sample(6, 2, new Random()));
    }

    @Test
    void readsAVoxCelebLikeLayout(@TempDir Path root) throws Exception {
        Path a = Files.createDirectories(root.resolve("person-a/video-1/frames"));
        Path am = Files.createDirectories(root.resolve("person-a/video-1/masks"));
        for (int i = 0; i < 3; i++) {
            BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 30; y++) {
                for (int x = 0; x < 40; x++) {
                    img.setRGB(x, y, (i * 80) << 16 | (x * 6) << 8 | y * 8);
                }
            }
            ImageIO.write(img, "png", a.resolve(String.format("%04d.png", i)).toFile());
            BufferedImage mask = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 30; y++) {
                for (int x = 20; x < 40; x++) {
                    mask.getRaster().setSample(x, y, 0, 255);
                }
            }
            ImageIO.write(mask, "png", am.resolve(String.format("%04d.png", i)).toFile());
        }
        Path b = Files.createDirectories(root.resolve("person-b/video-9/frames"));
        for (int i = 0; i < 2; i++) {
            BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
            img.setRGB(3, 3, 0xffffff);
            ImageIO.write(img, "jpg", b.resolve("f" + i + ".jpg").toFile());
        }
        Files.createDirectories(root.resolve("person-c/video-0/frames"));

        FrameDirectoryDataset ds = new FrameDirectoryDataset(root, 20);
        assertEquals(2, ds.videoCount(), "the empty video is skipped");
        assertEquals(2, ds.framesWithoutMask());
        assertEquals("person-a", ds.videos().get(0).person());

        TrainingSample s = ds.sample(0, 2, new Random(5));
        assertEquals(20, s.target().width());
        assertEquals(20, s.target().height());
        Set<Integer> reds = new HashSet<>();
        for (RgbImage img : s.identityFrames()) {
            reds.add(img.get(10, 10, 0));
        }
        reds.add(s.target().get(10, 10, 0));
        assertEquals(3, reds.size(), "three distinct frames of a three-frame video");
        // the centre square of a 40×30 frame is x 5..34: its mask turns on from x = 20, i.e. about column 10 of 20
        assertEquals(0, s.targetMask().get(3, 10));
        assertEquals(255, s.targetMask().get(17, 10));

        TrainingSample noMask = ds.sample(1, 4, new Random(5));
        assertEquals(4, noMask.identityFrames().size());
        for (byte v : noMask.targetMask().alpha()) {
            assertEquals((byte) 255, v);
        }
        assertFalse(noMask.identityFrames().isEmpty());
    }

    @Test
    void crossDrivenSamplesShowAnotherPersonPosedAsTheTarget() {
        SyntheticHeads heads = new SyntheticHeads(5);
        SyntheticVideoDataset self = new SyntheticVideoDataset(heads, Split.TRAIN, 6, 2, 16, 64);
        SyntheticVideoDataset cross = new SyntheticVideoDataset(heads, Split.TRAIN, 6, 2, 16, 64, 1f);
        TrainingSample own = self.sampleWithCorrespondence(3, 2, new Random(9));
        assertEquals(null, own.driver());
        assertTrue(own.poseFrame() == own.target());
        TrainingSample driven = cross.sampleWithCorrespondence(3, 2, new Random(9));
        assertArrayEquals(own.target().pixels(), driven.target().pixels(), "the target and its flows stay the sample's own");
        RgbImage driver = driven.poseFrame();
        assertTrue(driver == driven.driver() && driver != null);
        double diff = 0;
        for (int i = 0; i < driver.pixels().length; i++) {
            diff += Math.abs((driver.pixels()[i] & 0xff) - (driven.target().pixels()[i] & 0xff));
        }
        assertTrue(diff / driver.pixels().length > 10, "another person before another backdrop: " + diff / driver.pixels().length);
        assertThrows(IllegalArgumentException.class, () -> new SyntheticVideoDataset(heads, Split.TRAIN, 6, 2, 16, 64, 1.5f));
    }
}
