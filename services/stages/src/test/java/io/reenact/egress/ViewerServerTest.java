package io.reenact.egress;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.schema.FrameEncoding;
import io.reenact.schema.ReenactedFrame;
import io.reenact.stages.ImageCodecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewerServerTest {

    private static ReenactedFrame frame(long sequence, int value) {
        byte[] pixels = new byte[32 * 32 * 3];
        java.util.Arrays.fill(pixels, (byte) value);
        RgbImage image = new RgbImage(32, 32, pixels);
        byte[] alpha = new byte[32 * 32];
        java.util.Arrays.fill(alpha, (byte) 255);
        return ReenactedFrame.newBuilder()
                .setStreamId("cam 1")
                .setSequence(sequence)
                .setCaptureTimeMs(System.currentTimeMillis() - 40)
                .setAvatarId("a")
                .setWidth(32)
                .setHeight(32)
                .setEncoding(FrameEncoding.JPEG)
                .setImage(ByteBuffer.wrap(ImageCodecs.encodeJpeg(image, 90)))
                .setMask(ByteBuffer.wrap(ImageCodecs.encodeMaskPng(new Mask(32, 32, alpha))))
                .setDriver(ByteBuffer.wrap(ImageCodecs.encodeJpeg(image, 90)))
                .setModelVersion("test")
                .setTimings(List.of())
                .build();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void servesThePageTheFiguresAndEachPanelAsMjpeg() throws Exception {
        LiveViews views = new LiveViews(null);
        try (ViewerServer server = ViewerServer.start(0, views)) {
            String base = "http://127.0.0.1:" + server.port();
            views.accept(frame(0, 40));

            String page = get(base + "/");
            assertTrue(page.contains("live viewer") && page.contains("mjpeg?panel="), "the viewer page");

            String stats = get(base + "/stats");
            assertTrue(stats.contains("\"cam 1\":{\"frames\":1"), stats);

            HttpURLConnection mjpeg = (HttpURLConnection) URI.create(base + "/streams/cam%201/mjpeg?panel=reenacted")
                    .toURL().openConnection();
            assertEquals(200, mjpeg.getResponseCode());
            assertEquals(MjpegStream.CONTENT_TYPE, mjpeg.getContentType());
            try (InputStream in = mjpeg.getInputStream()) {
                RgbImage first = ImageCodecs.decodeRgb(readPart(in), "part 1");
                assertEquals(32, first.width());
                assertEquals(40, first.get(5, 5, 0), 3);
                views.accept(frame(1, 200));
                RgbImage second = ImageCodecs.decodeRgb(readPart(in), "part 2");
                assertEquals(200, second.get(5, 5, 0), 3);
            }
            mjpeg.disconnect();

            HttpURLConnection mask = (HttpURLConnection) URI.create(base + "/streams/cam%201/mjpeg?panel=mask")
                    .toURL().openConnection();
            try (InputStream in = mask.getInputStream()) {
                assertEquals(255, ImageCodecs.decodeRgb(readPart(in), "mask").get(3, 3, 1), 3);
            }
            mask.disconnect();

            HttpURLConnection bad = (HttpURLConnection) URI.create(base + "/streams/x/mjpeg?panel=nope").toURL()
                    .openConnection();
            assertEquals(400, bad.getResponseCode());
        }
    }

    /** Reads one multipart part: boundary line, headers, Content-Length bytes. */
    static byte[] readPart(InputStream in) throws IOException {
        String line;
        int length = -1;
        do {
            line = readLine(in);
        } while (!line.startsWith("--" + MjpegStream.BOUNDARY));
        while (!(line = readLine(in)).isEmpty()) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        assertTrue(length > 0, "each part declares its length");
        byte[] body = new byte[length];
        new DataInputStream(in).readFully(body);
        return body;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static String get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
