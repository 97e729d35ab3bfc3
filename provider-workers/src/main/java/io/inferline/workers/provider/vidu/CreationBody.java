package io.inferline.workers.provider.vidu;

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
import java.util.Optional;
import java.util.Set;

/** The create call of a Vidu creation: {@code POST /ent/v2/text2video}, or {@code /ent/v2/img2video} with a start frame. */
final class CreationBody {

    static final String TEXT_TO_VIDEO = "/ent/v2/text2video";
    static final String IMAGE_TO_VIDEO = "/ent/v2/img2video";
    static final String RESOLUTION = "resolution";
    static final String MOVEMENT_AMPLITUDE = "movement_amplitude";
    static final String STYLE = "style";
    static final String BGM = "bgm";
    /** Models that animate a start frame and have no text-to-video: the reference lists them for img2video only. */
    static final Set<String> IMAGE_ONLY = Set.of("vidu2.0", "vidu1.5");

    private static final Set<String> EXTRA_KEYS = Set.of(RESOLUTION, MOVEMENT_AMPLITUDE, STYLE, BGM);
    private static final Set<String> ASPECT_RATIOS = Set.of("16:9", "9:16", "1:1", "4:3", "3:4");

    /** A create call: where it goes and what it sends. */
    record Creation(String path, ObjectNode body) {
    }

    private CreationBody() {
    }

    static Creation of(RoutedRequest request) {
        String provider = ViduAdapter.PROVIDER;
        if (request.getCapability() != Capability.VIDEO) {
            throw Unsupported.capability(provider, request.getCapability(), "VIDEO");
        }
        String model = request.getModel();
        List<BinaryRef> media = request.getRequest().getInput().getMedia();
        String prompt = request.getRequest().getInput().getPrompt();
        boolean fromImage = !media.isEmpty();
        if (!fromImage && IMAGE_ONLY.contains(model)) {
            throw Unsupported.because(provider + ": " + model + " animates a start frame and the request has none: give the "
                    + "image as input.media[0] (a public URL or inline bytes), or use a text-to-video model such as viduq1");
        }
        if (media.size() > 1) {
            throw Unsupported.because(provider + ": image-to-video takes one start frame, the request has " + media.size()
                    + " in input.media");
        }
        if (!fromImage && (prompt == null || prompt.isBlank())) {
            throw Unsupported.because(provider + ": a text-to-video request needs input.prompt, it has none");
        }
        GenerationOptions options = request.getRequest().getOptions();
        ExtraOptions extra = ExtraOptions.of(options, provider, EXTRA_KEYS);
        ObjectNode body = JsonBody.object();
        body.put("model", model);
        if (fromImage) {
            body.putArray("images").add(StartFrame.uri(media.get(0), "input.media[0]"));
        }
        if (prompt != null && !prompt.isBlank()) {
            body.put("prompt", prompt);
        }
        if (options.getDurationSeconds() != null) {
            body.put("duration", options.getDurationSeconds());
        }
        if (options.getSeed() != null) {
            body.put("seed", options.getSeed());
        }
        aspectRatio(options.getSize()).ifPresent(ratio -> {
            if (fromImage) {
                throw Unsupported.because(provider + ": an image-to-video creation takes the start frame's shape; "
                        + "options.size applies to text-to-video only");
            }
            body.put("aspect_ratio", ratio);
        });
        extra.text(RESOLUTION).ifPresent(resolution -> body.put("resolution", resolution));
        extra.text(MOVEMENT_AMPLITUDE).ifPresent(amplitude -> body.put("movement_amplitude", amplitude));
        extra.text(STYLE).ifPresent(style -> {
            if (fromImage) {
                throw Unsupported.because(provider + ": options.extra[\"style\"] applies to text-to-video only");
            }
            body.put("style", style);
        });
        VideoOptions.flag(options, provider, BGM).ifPresent(bgm -> body.put("bgm", bgm));
        return new Creation(fromImage ? IMAGE_TO_VIDEO : TEXT_TO_VIDEO, body);
    }

    /** The seconds a request asks for, else what the reference gives as the model's default. */
    static int seconds(RoutedRequest request) {
        Integer asked = request.getRequest().getOptions().getDurationSeconds();
        if (asked != null) {
            return asked;
        }
        return IMAGE_ONLY.contains(request.getModel()) ? 4 : 5;
    }

    // options.size as an aspect ratio: 16:9 as given, 1280x720 reduced to 16:9
    private static Optional<String> aspectRatio(String size) {
        if (size == null || size.isBlank()) {
            return Optional.empty();
        }
        String ratio = VideoOptions.aspectRatio(size).filter(ASPECT_RATIOS::contains).orElseThrow(() -> Unsupported.because(
                ViduAdapter.PROVIDER + ": options.size must be an aspect ratio Vidu makes (16:9, 9:16, 1:1, and 4:3 or 3:4 "
                        + "on newer models) or a size of that shape such as 1280x720, not '" + size + "'"));
        return Optional.of(ratio);
    }
}
