package io.reenact.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything one demo run is configured with.
 *
 * @param frames driver frames to stream (a file source may end sooner)
 * @param fps rate of the synthetic driver, and of the MP4
 * @param realTime pace the driver at its native frame rate (a camera) instead of as fast as possible
 * @param driver a video file or URL, or null for the synthetic driver
 * @param avatar a directory of images or a video, or null for a synthetic avatar
 * @param enrolmentFrames K, the frames the avatar is enrolled from: its identity averages them, a
 *                        warping model keeps the most varied
 * @param fineTuneSteps per-avatar fine-tuning steps at enrolment (0: none)
 * @param seed synthetic population seed
 * @param viewerPort port of the live viewer (0: any free port)
 * @param kafkaPort broker port; taken when free, otherwise a free one is used
 * @param kafkaDir persistent broker data directory, or null for a temporary one
 * @param output the MP4 to write
 * @param deadline frames older than this are dropped by every stage
 * @param checkpoint model checkpoint directory, or null for the shipped one
 * @param partitions partitions of each live topic
 * @param background what the viewer and live outputs show behind the reenacted head
 *                   ({@code none|driver|colour:#RRGGBB|image:PATH})
 * @param pushUrl an rtmp:// or srt:// URL the composited output is pushed to, or null
 * @param v4l2Device a v4l2loopback device the output is written to (a virtual camera), or null
 * @param outputSize side of the pushed / virtual-camera frames
 * @param segmenter {@code selfie} (MediaPipe), {@code synthetic} (the shipped network) or {@code auto}
 *                  (selfie when its model file has been fetched)
 * @param warmUpSeconds how long another synthetic person is streamed through every stage before the
 *                      measured run (0: none); see {@link Demo}
 * @param relative  drive relatively: the driver's change of pose since its first frame, applied to
 *                  the avatar's own pose (warping models; see {@code RelativePose})
 */
public record DemoSettings(int frames, double fps, boolean realTime, String driver, String avatar,
                           int enrolmentFrames, int fineTuneSteps, long seed, int viewerPort, int kafkaPort,
                           Path kafkaDir, Path output, Duration deadline, Path checkpoint, int partitions,
                           String background, String pushUrl, String v4l2Device, int outputSize, String segmenter,
                           double warmUpSeconds, boolean relative) {

    public static final String STREAM_ID = "demo";
    public static final String WARM_UP_STREAM_ID = "demo-warm-up";

    public DemoSettings {
        if (frames <= 0) {
            throw new IllegalArgumentException("--frames must be positive");
        }
        if (!(fps > 0)) {
            throw new IllegalArgumentException("--fps must be positive");
        }
        if (!List.of("auto", "selfie", "synthetic").contains(segmenter)) {
            throw new IllegalArgumentException("--segmenter must be auto, selfie or synthetic");
        }
        if (!(warmUpSeconds >= 0)) {
            throw new IllegalArgumentException("--warm-up must be 0 or more seconds");
        }
        if (enrolmentFrames <= 0) {
            throw new IllegalArgumentException("--k must be positive");
        }
    }
}
