package io.reenact.avatar;

import io.reenact.common.Grants;
import io.reenact.ingest.FrameSampler;
import io.reenact.model.RgbImage;
import io.reenact.schema.Avatar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What the avatar API (the avatar service's and {@code reenact up}'s) accepts and answers: the id
 * rule, the uploads an enrolment is sampled from, and an avatar as JSON.
 */
public final class AvatarUploads {

    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    public static final int MAX_K = 64;
    /** The paper fine-tunes a new person for a few hundred steps; more only ties up the enrol stage. */
    public static final int MAX_FINE_TUNE_STEPS = 500;

    /** One uploaded file as the HTTP layer received it. */
    public record Upload(String fileName, String contentType, Path file) {
        boolean isVideo() {
            String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
            String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
            return type.startsWith("video/") || name.matches(".*\\.(mp4|avi|mov|mkv|webm|m4v)$");
        }
    }

    private AvatarUploads() {
    }

    /** The enrolment's frames: K spread over one video, or one per image (then spread to K). */
    public static List<RgbImage> frames(List<Upload> files, FrameSampler sampler) throws IOException {
        if (files.size() == 1 && files.get(0).isVideo()) {
            return sampler.fromVideo(files.get(0).file().toString());
        }
        List<byte[]> images = new ArrayList<>();
        for (Upload file : files) {
            if (file.isVideo()) {
                throw new IOException("send either images or a single video, not both");
            }
            images.add(Files.readAllBytes(file.file()));
        }
        return sampler.fromImages(images);
    }

    /**
     * An id for an upload that names none, inside what the caller owns: its first avatar prefix
     * ({@code alice-*} gives {@code alice-3f2a9c1b}), else {@code avatar-…}.
     */
    public static String newId(Grants grants) {
        String prefix = grants.avatars().stream().filter(p -> p.endsWith("*") && p.length() > 1)
                .map(p -> p.substring(0, p.length() - 1)).findFirst().orElse("avatar-");
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An avatar as the API lists it (no pixels, no weights). */
    public static Map<String, Object> describe(Avatar avatar) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("avatarId", avatar.getAvatarId());
        out.put("displayName", avatar.getDisplayName());
        out.put("frameCount", avatar.getFrameCount());
        out.put("modelVersion", avatar.getModelVersion());
        out.put("identitySize", avatar.getIdentity().size());
        out.put("sourceFrames", avatar.getSources().size());
        out.put("fineTuned", avatar.getWeights() != null);
        if (avatar.getWeights() != null) {
            out.put("weights", avatar.getWeights().getUri());
            out.put("weightsSha256", avatar.getWeights().getSha256());
        }
        out.put("createdAtMs", avatar.getCreatedAtMs());
        return out;
    }
}
