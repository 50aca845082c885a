package io.reenact.egress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MjpegStreamTest {

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aClientThatGoesAwayEndsItsServeCallAndLeavesOthersAlone() throws Exception {
        MjpegStream stream = new MjpegStream();
        stream.publish(new byte[] {1, 2, 3});
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("client closed");
            }
        };
        stream.serve(broken); // returns: the write failed
        assertEquals(0, stream.clients());

        ByteArrayOutputStream healthy = new ByteArrayOutputStream();
        Thread client = new Thread(() -> {
            try {
                stream.serve(healthy);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        client.start();
        while (stream.clients() == 0) {
            Thread.sleep(5);
        }
        stream.publish(new byte[] {9, 9});
        Thread.sleep(100);
        stream.close();
        client.join(5_000);
        assertFalse(client.isAlive(), "close() ends every response");
        String written = healthy.toString(StandardCharsets.ISO_8859_1);
        assertTrue(written.contains("Content-Type: image/jpeg"), written);
        assertTrue(written.contains("Content-Length: 2"), "the newest frame was sent");
    }
}
