package io.reenact.ingest;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Just enough of an RTSP server (RFC 2326) to serve one client one video over TCP-interleaved
 * RTP: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN. The RTP itself is real: on PLAY the ffmpeg tool
 * packetises the video to a local UDP port, and each packet is relayed on channel 0 of the RTSP
 * connection. Needed because FFmpeg can push RTSP to a server but not serve it, and no RTSP
 * server is installed here.
 */
final class RtspTestServer implements AutoCloseable {

    private final Path dir;
    private final Path video;
    private final ServerSocket server;
    private final String sdp;
    private final Thread thread;
    private volatile FfmpegProcess sender;
    private volatile DatagramSocket rtp;
    private volatile Socket client;
    private volatile int packetsRelayed;

    RtspTestServer(Path dir, Path video) throws Exception {
        this.dir = dir;
        this.video = video;
        this.sdp = describe();
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::serve, "rtsp-test-server");
        thread.setDaemon(true);
        thread.start();
    }

    String url() {
        return "rtsp://127.0.0.1:" + server.getLocalPort() + "/megamind";
    }

    int packetsRelayed() {
        return packetsRelayed;
    }

    /** The session description ffmpeg writes for this video's RTP (codec and its configuration). */
    private String describe() throws Exception {
        Path file = dir.resolve("megamind.sdp");
        FfmpegProcess.run(dir, "-fflags", "+genpts", "-i", video.toString(), "-an", "-c:v", "copy", "-t", "0.1",
                "-f", "rtp", "-sdp_file", file.toString(), "rtp://127.0.0.1:" + FfmpegProcess.freeUdpPort());
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("m=video")) {
                out.append("m=video 0 RTP/AVP 96\r\n").append("a=control:trackID=0\r\n");
            } else if (!line.isBlank()) {
                out.append(line).append("\r\n");
            }
        }
        return out.toString();
    }

    private void serve() {
        try (Socket socket = server.accept()) {
            client = socket;
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                int first = in.read();
                if (first < 0) {
                    return;
                }
                if (first == '$') { // the client's RTCP on the interleaved channel: read past it
                    in.read();
                    int length = (in.read() << 8) | in.read();
                    in.readNBytes(length);
                    continue;
                }
                String requestLine = (char) first + readLine(in);
                Map<String, String> headers = new HashMap<>();
                String line;
                while (!(line = readLine(in)).isEmpty()) {
                    int colon = line.indexOf(':');
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
                String method = requestLine.substring(0, requestLine.indexOf(' '));
                String cseq = headers.getOrDefault("cseq", "0");
                switch (method) {
                    case "OPTIONS" -> reply(out, cseq, "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n", "");
                    case "DESCRIBE" -> reply(out, cseq, "Content-Base: " + url() + "/\r\nContent-Type: application/sdp\r\n", sdp);
                    case "SETUP" -> {
                        String transport = headers.getOrDefault("transport", "");
                        if (!transport.contains("RTP/AVP/TCP")) {
                            write(out, "RTSP/1.0 461 Unsupported Transport\r\nCSeq: " + cseq + "\r\n\r\n");
                        } else {
                            reply(out, cseq, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\nSession: 4711\r\n", "");
                        }
                    }
                    case "PLAY" -> {
                        reply(out, cseq, "Session: 4711\r\n", "");
                        startRelay(out);
                    }
                    case "TEARDOWN" -> {
                        reply(out, cseq, "Session: 4711\r\n", "");
                        return;
                    }
                    default -> write(out, "RTSP/1.0 405 Method Not Allowed\r\nCSeq: " + cseq + "\r\n\r\n");
                }
            }
        } catch (IOException closed) {
            // the client or the test went away
        }
    }

    private void startRelay(OutputStream out) throws IOException {
        rtp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        sender = FfmpegProcess.start(dir, "-re", "-fflags", "+genpts", "-i", video.toString(), "-an", "-c:v", "copy",
                "-f", "rtp", "rtp://127.0.0.1:" + rtp.getLocalPort() + "?pkt_size=1400");
        Thread relay = new Thread(() -> {
            byte[] buffer = new byte[2048];
            try {
                while (true) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    rtp.receive(packet);
                    byte[] frame = new byte[4 + packet.getLength()];
                    frame[0] = '$';
                    frame[1] = 0;
                    frame[2] = (byte) (packet.getLength() >> 8);
                    frame[3] = (byte) packet.getLength();
                    System.arraycopy(packet.getData(), 0, frame, 4, packet.getLength());
                    synchronized (out) {
                        out.write(frame);
                        out.flush();
                    }
                    packetsRelayed++;
                }
            } catch (IOException closed) {
                // stopped
            }
        }, "rtsp-test-relay");
        relay.setDaemon(true);
        relay.start();
    }

    private static void reply(OutputStream out, String cseq, String headers, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        write(out, "RTSP/1.0 200 OK\r\nCSeq: " + cseq + "\r\n" + headers
                + (content.length > 0 ? "Content-Length: " + content.length + "\r\n" : "") + "\r\n" + body);
    }

    private static void write(OutputStream out, String text) throws IOException {
        synchronized (out) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b < 0 && line.size() == 0) {
            throw new IOException("connection closed");
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (client != null) {
            client.close();
        }
        if (rtp != null) {
            rtp.close();
        }
        if (sender != null) {
            sender.close();
        }
    }
}
