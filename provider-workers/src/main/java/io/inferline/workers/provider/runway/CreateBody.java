package io.inferline.workers.provider.runway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.BinaryRef;
import io.inferline.avro.Capability;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.media.ExtraOptions;
import io.inferline.workers.provider.task.VideoOptions;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The create call of a Runway task: {@code POST /v1/image_to_video} or {@code POST /v1/text_to_image}. */
final class CreateBody {

    static final String IMAGE_TO_VIDEO = "/v1/image_to_video";
    static final String TEXT_TO_IMAGE = "/v1/text_to_image";
    static final String PUBLIC_FIGURE_THRESHOLD = "public_figure_threshold";
    /** What Runway assumes when a video request names no duration; the adapter always sends it. */
    static final int DEFAULT_SECONDS = 10;
    static final int MIN_SECONDS = 2;
    static final int MAX_SECONDS = 10;
    static final String DEFAULT_VIDEO_RATIO = "1280:720";
    static final String DEFAULT_IMAGE_RATIO = "1024:1024";
    static final int MAX_PROMPT_CHARS = 1000;
    static final int MAX_REFERENCE_IMAGES = 3;
    static final long MAX_SEED = 4_294_967_295L;

    private static final Set<String> EXTRA_KEYS = Set.of(PUBLIC_FIGURE_THRESHOLD);
    private static final Set<String> THRESHOLDS = Set.of("auto", "low");
    private static final Pattern SIZE = Pattern.compile("\\s*(\\d{2,5})\\s*[xX:]\\s*(\\d{2,5})\\s*");

    /** What a task makes. */
    enum Kind {
        VIDEO("video"), IMAGE("image");

        final String handleValue;

        Kind(String handleValue) {
            this.handleValue = handleValue;
        }

        static Kind of(String handleValue, Capability fallback) {
            for (Kind kind : values()) {
                if (kind.handleValue.equals(handleValue)) {
                    return kind;
                }
            }
            return fallback == Capability.IMAGE ? IMAGE : VIDEO;
        }
    }

    /**
     * A create call.
     *
     * @param seconds the duration asked for (video), empty for images
     */
    record Creation(String path, ObjectNode body, Kind kind, OptionalInt seconds) {
    }

    private CreateBody() {
    }

    static Creation of(RoutedRequest request) {
        Capability capability = request.getCapability();
        if (capability == Capability.VIDEO) {
            return video(request);
        }
        if (capability == Capability.IMAGE) {
            return image(request);
        }
        throw Unsupported.capability(RunwayAdapter.PROVIDER, capability, "VIDEO (image-to-video), IMAGE (text-to-image)");
    }

    private static Creation video(RoutedRequest request) {
        String provider = RunwayAdapter.PROVIDER;
        List<BinaryRef> media = request.getRequest().getInput().getMedia();
        if (media.isEmpty()) {
            throw Unsupported.because(provider + ": " + request.getModel() + " makes a video from a first frame, and the "
                    + "request has none: give the image as input.media[0] (an HTTPS URL or inline bytes)");
        }
        if (media.size() > 1) {
            throw Unsupported.because(provider + ": " + request.getModel() + " takes one image, the first frame; the request "
                    + "has " + media.size() + " in input.media");
        }
        GenerationOptions options = request.getRequest().getOptions();
        ExtraOptions extra = ExtraOptions.of(options, provider, EXTRA_KEYS);
        ObjectNode body = JsonBody.object();
        body.put("model", request.getModel());
        body.put("promptImage", PromptImage.uri(media.get(0), "input.media[0]"));
        String prompt = request.getRequest().getInput().getPrompt();
        if (prompt != null && !prompt.isBlank()) {
            body.put("promptText", checkedPrompt(prompt));
        }
        body.put("ratio", ratio(options.getSize(), DEFAULT_VIDEO_RATIO));
        int seconds = seconds(request);
        if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
            throw Unsupported.because(provider + ": options.duration_seconds must be from " + MIN_SECONDS + " to "
                    + MAX_SECONDS + " for " + request.getModel() + ", not " + seconds);
        }
        body.put("duration", seconds);
        common(body, options, extra);
        return new Creation(IMAGE_TO_VIDEO, body, Kind.VIDEO, OptionalInt.of(seconds));
    }

    /** The seconds of video a request asks for: {@code options.duration_seconds}, else the API's default. */
    static int seconds(RoutedRequest request) {
        Integer asked = request.getRequest().getOptions().getDurationSeconds();
        return asked == null ? DEFAULT_SECONDS : asked;
    }

    private static Creation image(RoutedRequest request) {
        String provider = RunwayAdapter.PROVIDER;
        String prompt = request.getRequest().getInput().getPrompt();
        if (prompt == null || prompt.isBlank()) {
            throw Unsupported.because(provider + ": an image request needs input.prompt, it has none");
        }
        GenerationOptions options = request.getRequest().getOptions();
        ExtraOptions extra = ExtraOptions.of(options, provider, EXTRA_KEYS);
        ObjectNode body = JsonBody.object();
        body.put("model", request.getModel());
        body.put("promptText", checkedPrompt(prompt));
        body.put("ratio", ratio(options.getSize(), DEFAULT_IMAGE_RATIO));
        List<BinaryRef> media = request.getRequest().getInput().getMedia();
        if (media.size() > MAX_REFERENCE_IMAGES) {
            throw Unsupported.because(provider + ": at most " + MAX_REFERENCE_IMAGES + " reference images (input.media), not "
                    + media.size());
        }
        if (!media.isEmpty()) {
            ArrayNode references = body.putArray("referenceImages");
            for (int i = 0; i < media.size(); i++) {
                references.addObject().put("uri", PromptImage.uri(media.get(i), "input.media[" + i + "]"));
            }
        }
        common(body, options, extra);
        return new Creation(TEXT_TO_IMAGE, body, Kind.IMAGE, OptionalInt.empty());
    }

    private static void common(ObjectNode body, GenerationOptions options, ExtraOptions extra) {
        VideoOptions.seed(options, RunwayAdapter.PROVIDER, MAX_SEED).ifPresent(seed -> body.put("seed", seed));
        extra.text(PUBLIC_FIGURE_THRESHOLD).ifPresent(threshold -> {
            if (!THRESHOLDS.contains(threshold)) {
                throw Unsupported.because(RunwayAdapter.PROVIDER + ": options.extra[\"" + PUBLIC_FIGURE_THRESHOLD
                        + "\"] must be auto or low, not '" + threshold + "'");
            }
            body.putObject("contentModeration").put("publicFigureThreshold", threshold);
        });
    }

    // the API counts UTF-16 code units, which is what String.length() counts
    private static String checkedPrompt(String prompt) {
        if (prompt.length() > MAX_PROMPT_CHARS) {
            throw Unsupported.because(RunwayAdapter.PROVIDER + ": input.prompt is " + prompt.length()
                    + " characters, Runway takes at most " + MAX_PROMPT_CHARS);
        }
        return prompt;
    }

    /** {@code options.size} as Runway's {@code W:H} resolution; {@code 1280x720} and {@code 1280:720} both work. */
    static String ratio(String size, String fallback) {
        if (size == null || size.isBlank()) {
            return fallback;
        }
        Matcher matcher = SIZE.matcher(size);
        if (!matcher.matches()) {
            throw Unsupported.because(RunwayAdapter.PROVIDER + ": options.size must be a resolution such as 1280x720 or "
                    + "1280:720, not '" + size + "'");
        }
        return Integer.parseInt(matcher.group(1)) + ":" + Integer.parseInt(matcher.group(2));
    }
}
