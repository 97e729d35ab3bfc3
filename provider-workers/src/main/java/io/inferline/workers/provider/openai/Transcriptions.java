package io.inferline.workers.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.inferline.workers.provider.media.AudioInput;
import io.inferline.workers.provider.media.ExtraOptions;
import java.util.Optional;
import java.util.Set;

/** {@code POST /v1/audio/transcriptions}: a multipart form with the audio in, a {@code verbose_json} transcript out. */
final class Transcriptions {

    /** The largest file the API takes, as the reference documents (25 MB). */
    static final int MAX_FILE_BYTES = 25 * 1024 * 1024;
    static final String LANGUAGE = "language";
    /** The formats the reference lists for {@code file}. */
    static final Set<String> EXTENSIONS = Set.of("flac", "mp3", "mp4", "mpeg", "mpga", "m4a", "ogg", "wav", "webm");
    private static final Set<String> EXTRA_KEYS = Set.of(LANGUAGE);

    private Transcriptions() {
    }

    static MultipartForm.Encoded body(RoutedRequest request) {
        String provider = OpenAiAdapter.PROVIDER;
        AudioInput audio = AudioInput.of(request, provider);
        String extension = audio.extension().filter(EXTENSIONS::contains).orElseThrow(() -> Unsupported.because(provider
                + ": input.media[0] is " + audio.contentType() + "; the transcription API takes flac, mp3, mp4, mpeg, mpga, m4a, "
                + "ogg, wav or webm audio, named by its content_type"));
        if (audio.size() > MAX_FILE_BYTES) {
            throw Unsupported.because(provider + ": input.media[0] has " + audio.size() + " bytes; the transcription API takes at most "
                    + MAX_FILE_BYTES + " (25 MB)");
        }
        GenerationOptions options = request.getRequest().getOptions();
        ExtraOptions extra = ExtraOptions.of(options, provider, EXTRA_KEYS);
        MultipartForm form = new MultipartForm()
                .field("model", request.getModel())
                // verbose_json is the format that always reports the audio's duration, which is what is billed
                .field("response_format", "verbose_json");
        extra.text(LANGUAGE).ifPresent(language -> form.field(LANGUAGE, language));
        String prompt = request.getRequest().getInput().getPrompt();
        if (prompt != null && !prompt.isBlank()) {
            form.field("prompt", prompt);
        }
        if (options.getTemperature() != null) {
            form.field("temperature", Double.toString(options.getTemperature()));
        }
        return form.file("file", "audio." + extension, audio.contentType(), audio.bytes()).encode();
    }

    static AdapterResult read(JsonNode root, Optional<String> upstreamId) {
        String text = AnswerFields.text(root, "text", "text");
        Usage.Builder usage = Usage.newBuilder().setUnits(seconds(root)).setUnitKind(UnitKind.SECONDS);
        JsonNode reported = root.path("usage");
        if ("tokens".equals(reported.path("type").asText())) {
            usage.setInputTokens(AnswerFields.count(reported, "input_tokens", "usage.input_tokens"))
                    .setOutputTokens(AnswerFields.count(reported, "output_tokens", "usage.output_tokens"));
        }
        Output output = Output.newBuilder().setText(text).setFinishReason(FinishReason.STOP).build();
        return new AdapterResult.Success(output, usage.build(), upstreamId);
    }

    // usage.seconds (type "duration") is what OpenAI bills; the top-level duration stands in when it is absent.
    // Both are numbers of seconds, rounded up to whole seconds as the catalog prices them.
    private static long seconds(JsonNode root) {
        JsonNode usage = root.path("usage");
        if (usage.isObject() && "duration".equals(usage.path("type").asText())) {
            return wholeSeconds(usage.path("seconds"), "usage.seconds");
        }
        if (!root.has("duration")) {
            throw new InvalidAnswerException("the answer has no duration (a number) and no usage.seconds");
        }
        return wholeSeconds(root.path("duration"), "duration");
    }

    private static long wholeSeconds(JsonNode value, String path) {
        if (!value.isNumber() || value.asDouble() < 0 || !Double.isFinite(value.asDouble())) {
            throw new InvalidAnswerException("the answer's " + path + " is not a non-negative number of seconds");
        }
        return (long) Math.ceil(value.asDouble());
    }
}
