package io.inferline.simulators.recraft;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The bytes of simulated images: one tiny valid picture per kind, the same for every prompt. */
final class GeneratedImages {

    /** A 1x1 lossless WebP. */
    static final byte[] WEBP = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");

    private GeneratedImages() {
    }

    /** A flat SVG of the requested size. */
    static byte[] svg(int width, int height) {
        return ("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + height + "\" viewBox=\"0 0 "
                + width + " " + height + "\"><rect width=\"100%\" height=\"100%\" fill=\"#e35d2f\"/></svg>")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Vector styles (and vector models) answer SVG, the rest raster images. */
    static boolean isVector(String model, String style) {
        return model.endsWith("_vector") || (style != null && (style.startsWith("vector_illustration") || style.startsWith("icon")));
    }
}
