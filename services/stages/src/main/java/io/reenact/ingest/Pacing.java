package io.reenact.ingest;

/**
 * When the next frame may be sent. Real-time pacing sends frame n at start + n / fps, as a camera
 * would (a file then plays at its native rate); unpaced sends as fast as the source decodes.
 */
public final class Pacing {

    private final double fps;
    private long startNanos = -1;

    private Pacing(double fps) {
        this.fps = fps;
    }

    public static Pacing realTime(double fps) {
        if (!(fps > 0)) {
            throw new IllegalArgumentException("fps must be positive: " + fps);
        }
        return new Pacing(fps);
    }

    public static Pacing unpaced() {
        return new Pacing(0);
    }

    public boolean isRealTime() {
        return fps > 0;
    }

    /** Blocks until frame {@code index} is due. Never catches up by bursting more than one frame late. */
    public void awaitFrame(long index) throws InterruptedException {
        if (fps <= 0) {
            return;
        }
        long now = System.nanoTime();
        if (startNanos < 0) {
            startNanos = now;
        }
        long due = startNanos + (long) (index * 1e9 / fps);
        long wait = due - now;
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } else if (-wait > 1e9 / fps) {
            // a slow source fell behind: restart the clock instead of sending a burst
            startNanos = now - (long) (index * 1e9 / fps);
        }
    }
}
