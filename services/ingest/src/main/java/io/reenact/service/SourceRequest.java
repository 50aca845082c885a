package io.reenact.service;

/**
 * Body of {@code PUT /streams/{id}}: what to play and how.
 *
 * @param source a file name under the media directory, an rtsp/rtmp/srt/http(s)/udp URL, or a webcam
 *               of the service's machine as v4l2:///dev/videoN
 * @param realTime pace frames at the source's own rate (files); live URLs are paced by the sender anyway
 * @param maxFrames stop after this many frames (0 or absent: until the source ends)
 */
public record SourceRequest(String source, Boolean realTime, Long maxFrames) {
}
