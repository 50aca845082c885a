package io.reenact.common;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What one access token may touch: the streams and avatars its owner owns. A token carries them as
 * the claims {@code streams} and {@code avatars}, each a list of ids or id prefixes ending in
 * {@code *} ({@code "alice-*"}; {@code "*"} is everything). The rule is stateless on purpose: every
 * service decides from the token alone, with no ownership table to share between them.
 */
public record Grants(String owner, List<String> streams, List<String> avatars) {

    public static final String STREAMS_CLAIM = "streams";
    public static final String AVATARS_CLAIM = "avatars";

    public Grants {
        Objects.requireNonNull(owner, "owner");
        streams = List.copyOf(streams);
        avatars = List.copyOf(avatars);
    }

    /** The local owner of {@code reenact up}: everything on this machine. */
    public static Grants everything(String owner) {
        return new Grants(owner, List.of("*"), List.of("*"));
    }

    /** A caller with no token: owns nothing. */
    public static Grants none() {
        return new Grants("", List.of(), List.of());
    }

    /** Claims as a JWT library hands them over; anything that is not a list grants nothing. */
    public static Grants fromClaims(String owner, Object streams, Object avatars) {
        return new Grants(owner, patterns(streams), patterns(avatars));
    }

    private static List<String> patterns(Object claim) {
        if (!(claim instanceof Collection<?> values)) {
            return List.of();
        }
        return values.stream().map(Grants::unquote).toList();
    }

    /** JSON-P hands out JsonString, whose toString keeps the quotes. */
    private static String unquote(Object value) {
        String s = String.valueOf(value);
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    public boolean mayUseStream(String streamId) {
        return matches(streams, streamId);
    }

    public boolean mayUseAvatar(String avatarId) {
        return matches(avatars, avatarId);
    }

    private static boolean matches(List<String> patterns, String id) {
        if (id == null) {
            return false;
        }
        for (String p : patterns) {
            if (p.endsWith("*") ? id.startsWith(p.substring(0, p.length() - 1)) : id.equals(p)) {
                return true;
            }
        }
        return false;
    }
}
