package io.inferline.cli.batch;

import java.util.Locale;
import java.util.Map;

/** The content type of a media URL: from a {@code data:} URL's header, else from the file extension. */
final class MediaTypes {

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("wav", "audio/wav"), Map.entry("flac", "audio/flac"),
            Map.entry("ogg", "audio/ogg"), Map.entry("m4a", "audio/mp4"), Map.entry("opus", "audio/opus"),
            Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"), Map.entry("mov", "video/quicktime"));

    private MediaTypes() {
    }

    /** The type of {@code url}, or {@code fallback} when nothing tells. */
    static String of(String url, String fallback) {
        if (url.startsWith("data:")) {
            int end = url.indexOf(';');
            int comma = url.indexOf(',');
            int stop = end > 0 && (comma < 0 || end < comma) ? end : comma;
            if (stop > 5) {
                return url.substring(5, stop);
            }
            return fallback;
        }
        String path = url;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        int dot = path.lastIndexOf('.');
        int slash = path.lastIndexOf('/');
        if (dot > slash && dot < path.length() - 1) {
            String type = BY_EXTENSION.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
            if (type != null) {
                return type;
            }
        }
        return fallback;
    }
}
