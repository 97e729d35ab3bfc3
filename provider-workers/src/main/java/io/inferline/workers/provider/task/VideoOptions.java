package io.inferline.workers.provider.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.GenerationOptions;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.JsonBody;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Request options that several video providers read alike; which values each accepts stays with the provider. */
public final class VideoOptions {

    private static final Pattern SIZE = Pattern.compile("\\s*(\\d{1,5})\\s*[xX:]\\s*(\\d{1,5})\\s*");

    private VideoOptions() {
    }

    /**
     * {@code options.size} as a reduced aspect ratio: {@code 1280x720} and {@code 16:9} both give {@code 16:9}; empty when
     * it is no size.
     */
    public static Optional<String> aspectRatio(String size) {
        Matcher matcher = SIZE.matcher(size);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int w = Integer.parseInt(matcher.group(1));
        int h = Integer.parseInt(matcher.group(2));
        int gcd = gcd(w, h);
        return gcd == 0 ? Optional.empty() : Optional.of((w / gcd) + ":" + (h / gcd));
    }

    /** An {@code options.extra} value that must be {@code true} or {@code false}. */
    public static Optional<Boolean> flag(GenerationOptions options, String provider, String key) {
        String raw = options.getExtra() == null ? null : options.getExtra().get(key);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        JsonNode node = JsonBody.tryParse(raw).orElse(null);
        if (node == null || !node.isBoolean()) {
            throw Unsupported.because(provider + ": options.extra[\"" + key + "\"] must be true or false");
        }
        return Optional.of(node.asBoolean());
    }

    /** {@code options.seed}, which must be from 0 to {@code max}. */
    public static OptionalLong seed(GenerationOptions options, String provider, long max) {
        if (options.getSeed() == null) {
            return OptionalLong.empty();
        }
        long seed = options.getSeed();
        if (seed < 0 || seed > max) {
            throw Unsupported.because(provider + ": options.seed must be from 0 to " + max + ", not " + seed);
        }
        return OptionalLong.of(seed);
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
