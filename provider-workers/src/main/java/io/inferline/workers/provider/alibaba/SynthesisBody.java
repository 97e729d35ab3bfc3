package io.inferline.workers.provider.alibaba;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.media.ExtraOptions;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The create bodies of the native synthesis API, {@code {model, input:{prompt, negative_prompt}, parameters:{...}}}, for
 * text-to-image and text-to-video.
 */
final class SynthesisBody {

    static final String N = "n";
    static final String NEGATIVE_PROMPT = "negative_prompt";
    static final String PROMPT_EXTEND = "prompt_extend";
    static final String WATERMARK = "watermark";
    /** The most images one text-to-image task makes, as the reference documents. */
    static final int MAX_IMAGES = 4;
    /** The length of every video of the models with a fixed length. */
    static final int FIXED_VIDEO_SECONDS = 5;

    private static final Set<String> IMAGE_EXTRA = Set.of(N, NEGATIVE_PROMPT, PROMPT_EXTEND, WATERMARK);
    private static final Set<String> VIDEO_EXTRA = Set.of(NEGATIVE_PROMPT, PROMPT_EXTEND, WATERMARK);
    private static final Pattern SIZE = Pattern.compile("(\\d{2,5})\\s*[x*X]\\s*(\\d{2,5})");

    private SynthesisBody() {
    }

    static ObjectNode image(RoutedRequest request) {
        GenerationOptions options = request.getRequest().getOptions();
        ExtraOptions extra = ExtraOptions.of(options, DashScopeAdapter.PROVIDER, IMAGE_EXTRA);
        ObjectNode body = common(request, extra);
        ObjectNode parameters = (ObjectNode) body.get("parameters");
        // the API makes 4 images unless told otherwise; inferline's default (and the router's reservation) is one
        parameters.put("n", extra.integer(N, 1, MAX_IMAGES).orElse(1));
        return body;
    }

    static ObjectNode video(RoutedRequest request) {
        GenerationOptions options = request.getRequest().getOptions();
        ObjectNode body = common(request, ExtraOptions.of(options, DashScopeAdapter.PROVIDER, VIDEO_EXTRA));
        Integer seconds = options.getDurationSeconds();
        if (seconds != null) {
            if (fixedLength(request.getModel()) && seconds != FIXED_VIDEO_SECONDS) {
                throw Unsupported.because(DashScopeAdapter.PROVIDER + ": " + request.getModel() + " makes " + FIXED_VIDEO_SECONDS
                        + "-second videos only, the request asks for " + seconds);
            }
            ((ObjectNode) body.get("parameters")).put("duration", seconds);
        }
        return body;
    }

    /** The seconds a video of this request lasts when the answer does not say: the asked length, else the model's. */
    static long expectedSeconds(RoutedRequest request) {
        Integer asked = request.getRequest().getOptions().getDurationSeconds();
        return asked != null && asked > 0 ? asked : FIXED_VIDEO_SECONDS;
    }

    // wan2.2 and wanx2.1 text-to-video models make 5-second videos
    static boolean fixedLength(String model) {
        return model.startsWith("wan2.2-t2v") || model.startsWith("wanx2.1-t2v");
    }

    private static ObjectNode common(RoutedRequest request, ExtraOptions extra) {
        String provider = DashScopeAdapter.PROVIDER;
        String prompt = request.getRequest().getInput().getPrompt();
        if (prompt == null || prompt.isBlank()) {
            throw Unsupported.because(provider + ": a " + request.getCapability().name().toLowerCase(java.util.Locale.ROOT)
                    + " request needs input.prompt, it has none");
        }
        GenerationOptions options = request.getRequest().getOptions();
        ObjectNode body = JsonBody.object();
        body.put("model", request.getModel());
        ObjectNode input = body.putObject("input");
        input.put("prompt", prompt);
        extra.text(NEGATIVE_PROMPT).ifPresent(negative -> input.put("negative_prompt", negative));
        ObjectNode parameters = body.putObject("parameters");
        if (options.getSize() != null && !options.getSize().isBlank()) {
            parameters.put("size", size(options.getSize()));
        }
        if (options.getSeed() != null) {
            if (options.getSeed() < 0 || options.getSeed() > Integer.MAX_VALUE) {
                throw Unsupported.because(provider + ": seed must be from 0 to 2147483647, the request has " + options.getSeed());
            }
            parameters.put("seed", options.getSeed());
        }
        flag(options, PROMPT_EXTEND).ifPresent(value -> parameters.put("prompt_extend", value));
        flag(options, WATERMARK).ifPresent(value -> parameters.put("watermark", value));
        return body;
    }

    // DashScope writes sizes as 1024*1024; inferline's clients write 1024x1024
    private static String size(String size) {
        Matcher matcher = SIZE.matcher(size.strip());
        if (!matcher.matches()) {
            throw Unsupported.because(DashScopeAdapter.PROVIDER + ": options.size must be <width>x<height> (or <width>*<height>), not '"
                    + size + "'");
        }
        return matcher.group(1) + "*" + matcher.group(2);
    }

    private static Optional<Boolean> flag(GenerationOptions options, String key) {
        String raw = options.getExtra().get(key);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        JsonNode value = JsonBody.tryParse(raw).map(node -> node.isTextual() ? JsonBody.tryParse(node.asText()).orElse(node) : node)
                .orElse(null);
        if (value == null || !value.isBoolean()) {
            throw Unsupported.because(DashScopeAdapter.PROVIDER + ": options.extra[\"" + key + "\"] must be true or false");
        }
        return Optional.of(value.asBoolean());
    }
}
