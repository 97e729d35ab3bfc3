package io.inferline.workers.provider.inworld;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.Output;
import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.canonical.FinishReason;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.provider.media.MediaSniffer;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Reads {@code {audioContent, usage:{processedCharactersCount, modelId}}} into one inline audio binary. */
final class VoiceAnswer {

    private VoiceAnswer() {
    }

    static AdapterResult read(JsonNode root, VoiceBody.Synthesis synthesis, Optional<String> upstreamId) {
        String base64 = AnswerFields.text(root, "audioContent", "audioContent");
        byte[] audio;
        try {
            audio = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidAnswerException("the answer's audioContent is not base64");
        }
        if (audio.length == 0) {
            throw new InvalidAnswerException("the answer's audioContent is empty");
        }
        // the bytes say best what they are (a WAV header on LINEAR16); the encoding asked for is the fallback
        String contentType = MediaSniffer.contentType(audio).orElse(synthesis.contentType());
        Output output = Output.newBuilder()
                .setBinaries(List.of(InlineBinaries.inline(audio, contentType)))
                .setFinishReason(FinishReason.STOP)
                .build();
        Usage usage = Usage.newBuilder().setUnits(characters(root, synthesis)).setUnitKind(UnitKind.CHARACTERS).build();
        return new AdapterResult.Success(output, usage, upstreamId);
    }

    // without a reported count the audio was still made and must be billed: the text's characters stand in
    private static long characters(JsonNode root, VoiceBody.Synthesis synthesis) {
        JsonNode usage = root.path("usage");
        if (usage.isObject()) {
            var reported = AnswerFields.optionalCount(usage, "processedCharactersCount", "usage.processedCharactersCount");
            if (reported.isPresent()) {
                return reported.getAsLong();
            }
        }
        return synthesis.text().codePointCount(0, synthesis.text().length());
    }
}
