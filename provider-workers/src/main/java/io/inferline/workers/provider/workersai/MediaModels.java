package io.inferline.workers.provider.workersai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.Output;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.canonical.FinishReason;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.media.AudioInput;
import io.inferline.workers.provider.media.ExtraOptions;
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.provider.media.MediaSniffer;
import io.inferline.workers.provider.media.WavHeader;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inputs and results of the media models, by the schemas Cloudflare publishes: text-to-image as
 * {@code @cf/black-forest-labs/flux-1-schnell} takes it, speech recognition as {@code @cf/openai/whisper}, text-to-speech
 * as {@code @cf/myshell-ai/melotts}.
 */
final class MediaModels {

    static final String STEPS = "steps";
    static final String LANG = "lang";
    /** The most diffusion steps flux-1-schnell takes. */
    static final int MAX_STEPS = 8;
    private static final Pattern CUE_END = Pattern.compile("-->\\s*(?:(\\d+):)?(\\d{1,2}):(\\d{2}(?:\\.\\d+)?)");

    private MediaModels() {
    }

    // text-to-image: {prompt, steps}; the schema allows no other field, so no size, seed or count can be asked for
    static ObjectNode imageBody(RoutedRequest request) {
        String provider = WorkersAiAdapter.PROVIDER;
        GenerationOptions options = request.getRequest().getOptions();
        ExtraOptions extra = ExtraOptions.of(options, provider, Set.of(STEPS));
        if (options.getSize() != null && !options.getSize().isBlank()) {
            throw Unsupported.because(provider + ": the text-to-image input (prompt, steps) has no size; options.size '"
                    + options.getSize() + "' cannot be sent");
        }
        ObjectNode body = JsonBody.object();
        body.put("prompt", prompt(request, "an image request"));
        extra.integer(STEPS, 1, MAX_STEPS).ifPresent(steps -> body.put(STEPS, steps));
        return body;
    }

    static ObjectNode speechBody(RoutedRequest request) {
        ExtraOptions extra = ExtraOptions.of(request.getRequest().getOptions(), WorkersAiAdapter.PROVIDER, Set.of(LANG));
        ObjectNode body = JsonBody.object();
        body.put("prompt", prompt(request, "a speech request"));
        extra.text(LANG).ifPresent(lang -> body.put(LANG, lang));
        return body;
    }

    static byte[] audio(RoutedRequest request) {
        return AudioInput.of(request, WorkersAiAdapter.PROVIDER).bytes();
    }

    static AdapterResult image(JsonNode result, Optional<String> upstreamId) {
        byte[] bytes = decode(AnswerFields.text(result, "image", "result.image"), "result.image");
        // the reference says only "Base64"; flux answers JPEG, which stands in when the bytes do not say
        String type = MediaSniffer.contentType(bytes).orElse("image/jpeg");
        Output output = Output.newBuilder().setBinaries(List.of(InlineBinaries.inline(bytes, type)))
                .setFinishReason(FinishReason.STOP).build();
        return new AdapterResult.Success(output, Usage.newBuilder().setUnits(1).setUnitKind(UnitKind.IMAGES).build(), upstreamId);
    }

    static AdapterResult speech(JsonNode result, RoutedRequest request, Optional<String> upstreamId) {
        return speechAudio(decode(AnswerFields.text(result, "audio", "result.audio"), "result.audio"), request, upstreamId);
    }

    /** The audio, whether it came base64 in the envelope or as the body itself (the reference lists both outputs). */
    static AdapterResult speechAudio(byte[] audio, RoutedRequest request, Optional<String> upstreamId) {
        if (audio.length == 0) {
            throw new InvalidAnswerException("the audio is empty");
        }
        Optional<String> sniffed = MediaSniffer.contentType(audio);
        if (sniffed.isPresent() && !sniffed.get().startsWith("audio/")) {
            throw new InvalidAnswerException("the audio is " + sniffed.get() + ", not audio");
        }
        Output output = Output.newBuilder().setBinaries(List.of(InlineBinaries.inline(audio, sniffed.orElse("audio/mpeg"))))
                .setFinishReason(FinishReason.STOP).build();
        String text = request.getRequest().getInput().getPrompt();
        Usage usage = Usage.newBuilder().setUnits(text.codePointCount(0, text.length())).setUnitKind(UnitKind.CHARACTERS).build();
        return new AdapterResult.Success(output, usage, upstreamId);
    }

    static AdapterResult transcript(JsonNode result, RoutedRequest request, Optional<String> upstreamId) {
        String text = AnswerFields.text(result, "text", "result.text");
        long seconds = (long) Math.ceil(seconds(result, request));
        Output output = Output.newBuilder().setText(text).setFinishReason(FinishReason.STOP).build();
        return new AdapterResult.Success(output, Usage.newBuilder().setUnits(seconds).setUnitKind(UnitKind.SECONDS).build(), upstreamId);
    }

    // Workers AI reports no duration. A WAV header measures the audio exactly; otherwise the latest timestamp of the
    // answer (words[].end, the VTT cues) does, which misses trailing silence; otherwise the duration the request
    // declared (what the router reserved for); otherwise nothing was said and nothing measured: 0.
    private static double seconds(JsonNode result, RoutedRequest request) {
        OptionalDouble measured = WavHeader.read(audio(request)).map(WavHeader::seconds).orElse(OptionalDouble.empty());
        if (measured.isPresent()) {
            return measured.getAsDouble();
        }
        double latest = Math.max(latestWordEnd(result), latestCueEnd(result));
        if (latest > 0) {
            return latest;
        }
        Integer declared = request.getRequest().getOptions().getDurationSeconds();
        return declared != null && declared > 0 ? declared : 0;
    }

    private static double latestWordEnd(JsonNode result) {
        JsonNode words = result.path("words");
        if (words.isMissingNode() || words.isNull()) {
            return 0;
        }
        if (!words.isArray()) {
            throw new InvalidAnswerException("the answer's result.words is not an array");
        }
        double latest = 0;
        for (int i = 0; i < words.size(); i++) {
            JsonNode end = words.get(i).path("end");
            if (end.isMissingNode() || end.isNull()) {
                continue;
            }
            if (!end.isNumber() || end.asDouble() < 0 || !Double.isFinite(end.asDouble())) {
                throw new InvalidAnswerException("the answer's result.words[" + i + "].end is not a non-negative number");
            }
            latest = Math.max(latest, end.asDouble());
        }
        return latest;
    }

    private static double latestCueEnd(JsonNode result) {
        JsonNode vtt = result.path("vtt");
        if (!vtt.isTextual()) {
            return 0;
        }
        double latest = 0;
        Matcher cue = CUE_END.matcher(vtt.asText());
        while (cue.find()) {
            double hours = cue.group(1) == null ? 0 : Double.parseDouble(cue.group(1));
            latest = Math.max(latest, hours * 3600 + Double.parseDouble(cue.group(2)) * 60 + Double.parseDouble(cue.group(3)));
        }
        return latest;
    }

    private static String prompt(RoutedRequest request, String what) {
        String prompt = request.getRequest().getInput().getPrompt();
        if (prompt == null || prompt.isBlank()) {
            throw Unsupported.because(WorkersAiAdapter.PROVIDER + ": " + what + " needs input.prompt, it has none");
        }
        return prompt;
    }

    private static byte[] decode(String base64, String path) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidAnswerException("the answer's " + path + " is not base64");
        }
        if (bytes.length == 0) {
            throw new InvalidAnswerException("the answer's " + path + " is empty");
        }
        return bytes;
    }
}
