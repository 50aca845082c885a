package io.reenact.egress;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One live picture served as {@code multipart/x-mixed-replace} (MJPEG over HTTP), the format
 * browsers show in an {@code <img>} and OBS reads as a media source.
 *
 * <p>Only the latest frame is kept. Every client waits for a frame newer than the one it sent
 * last, so a slow client skips frames instead of queueing them: live video must never build lag,
 * and one slow viewer never slows the pipeline or the other viewers. Plain Java, so the CLI's JDK
 * HTTP server and the Quarkus egress service serve it the same way.
 */
public final class MjpegStream implements AutoCloseable {

    public static final String BOUNDARY = "reenactframe";
    public static final String CONTENT_TYPE = "multipart/x-mixed-replace; boundary=" + BOUNDARY;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition newFrame = lock.newCondition();
    private final AtomicInteger clients = new AtomicInteger();
    private byte[] latest;
    private long version;
    private boolean closed;

    /** Replaces the current frame and wakes every client. */
    public void publish(byte[] jpeg) {
        lock.lock();
        try {
            latest = jpeg;
            version++;
            newFrame.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The latest frame, or null before the first. */
    public byte[] latest() {
        lock.lock();
        try {
            return latest;
        } finally {
            lock.unlock();
        }
    }

    public int clients() {
        return clients.get();
    }

    /**
     * Writes frames to {@code out} until the client goes away (an IOException on write, which ends
     * the call normally) or the stream is closed. The caller has sent the response headers with
     * {@link #CONTENT_TYPE}.
     */
    public void serve(OutputStream out) throws InterruptedException {
        clients.incrementAndGet();
        try {
            long sent = 0;
            while (true) {
                byte[] frame;
                lock.lock();
                try {
                    while (version == sent && !closed) {
                        // wake up now and then so a dead client is noticed on the next write
                        newFrame.await(1, TimeUnit.SECONDS);
                        if (version == sent && !closed && latest != null) {
                            break;
                        }
                    }
                    if (closed) {
                        return;
                    }
                    frame = latest;
                    sent = version;
                }
                finally {
                    lock.unlock();
                }
                if (frame == null) {
                    continue;
                }
                try {
                    writePart(out, frame);
                } catch (IOException clientGone) {
                    return;
                }
            }
        } finally {
            clients.decrementAndGet();
        }
    }

    static void writePart(OutputStream out, byte[] jpeg) throws IOException {
        String head = "--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(jpeg);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Ends every client's response. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            newFrame.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
