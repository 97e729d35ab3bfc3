package io.inferline.workers.provider.pixverse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.Capability;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.media.ExtraOptions;
import io.inferline.workers.provider.task.VideoOptions;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

/** The body of {@code POST /openapi/v2/video/text/generate}, and the trace id the call carries. */
final class GenerateBody {

    static final String PATH = "/openapi/v2/video/text/generate";
    static final String QUALITY = "quality";
    static final String MOTION_MODE = "motion_mode";
    static final String NEGATIVE_PROMPT = "negative_prompt";
    static final String STYLE = "style";
    static final String WATER_MARK = "water_mark";
    /** The reference's example values for the required fields a request may leave out. */
    static final String DEFAULT_ASPECT_RATIO = "16:9";
    static final String DEFAULT_QUALITY = "540p";
    static final int DEFAULT_SECONDS = 5;
    static final long MAX_SEED = 2_147_483_647L;

    private static final Set<String> EXTRA_KEYS = Set.of(QUALITY, MOTION_MODE, NEGATIVE_PROMPT, STYLE, WATER_MARK);
    private static final Set<String> ASPECT_RATIOS = Set.of("16:9", "4:3", "1:1", "3:4", "9:16");

    private GenerateBody() {
    }

    static ObjectNode of(RoutedRequest request) {
        String provider = PixverseAdapter.PROVIDER;
        if (request.getCapability() != Capability.VIDEO) {
            throw Unsupported.capability(provider, request.getCapability(), "VIDEO (text-to-video)");
        }
        if (!request.getRequest().getInput().getMedia().isEmpty()) {
            throw Unsupported.because(provider + ": this adapter makes text-to-video only; image-to-video needs the image "
                    + "uploaded to PixVerse first (an img_id), which it does not do: leave input.media empty");
        }
        String prompt = request.getRequest().getInput().getPrompt();
        if (prompt == null || prompt.isBlank()) {
            throw Unsupported.because(provider + ": a text-to-video request needs input.prompt, it has none");
        }
        GenerationOptions options = request.getRequest().getOptions();
        ExtraOptions extra = ExtraOptions.of(options, provider, EXTRA_KEYS);
        ObjectNode body = JsonBody.object();
        body.put("model", request.getModel());
        body.put("prompt", prompt);
        body.put("aspect_ratio", aspectRatio(options.getSize()));
        body.put("duration", seconds(request));
        body.put("quality", extra.text(QUALITY).orElse(DEFAULT_QUALITY));
        extra.text(MOTION_MODE).ifPresent(mode -> body.put("motion_mode", mode));
        extra.text(NEGATIVE_PROMPT).ifPresent(negative -> body.put("negative_prompt", negative));
        extra.text(STYLE).ifPresent(style -> body.put("style", style));
        VideoOptions.flag(options, provider, WATER_MARK).ifPresent(mark -> body.put("water_mark", mark));
        VideoOptions.seed(options, provider, MAX_SEED).ifPresent(seed -> body.put("seed", seed));
        return body;
    }

    /** The seconds a request asks for, else the adapter's default; always sent, so always what is billed. */
    static int seconds(RoutedRequest request) {
        Integer asked = request.getRequest().getOptions().getDurationSeconds();
        return asked == null ? DEFAULT_SECONDS : asked;
    }

    /**
     * The {@code Ai-trace-id} of the create call: a UUID derived from the request id and the model, so the create
     * a retry sends again carries the trace id of the first one (and a fallback to another model does not).
     */
    static String createTraceId(RoutedRequest request) {
        String name = "inferline/pixverse/create/" + request.getRequest().getRequestId() + "/" + request.getModel();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String aspectRatio(String size) {
        if (size == null || size.isBlank()) {
            return DEFAULT_ASPECT_RATIO;
        }
        return VideoOptions.aspectRatio(size).filter(ASPECT_RATIOS::contains).orElseThrow(() -> Unsupported.because(
                PixverseAdapter.PROVIDER + ": options.size must be an aspect ratio PixVerse makes " + ASPECT_RATIOS
                        + " or a size of that shape such as 1280x720, not '" + size + "'"));
    }
}
