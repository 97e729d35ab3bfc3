package io.inferline.workers.provider.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.Output;
import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.canonical.FinishReason;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.media.InlineBinaries;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Reads a {@code t2a_v2} answer: hex-encoded audio in {@code data.audio}, counts in {@code extra_info}. */
final class SpeechAnswer {

    /** {@code data.status} of finished audio (1 is still synthesizing, seen only when streaming). */
    static final int FINISHED = 2;

    private SpeechAnswer() {
    }

    static AdapterResult read(JsonNode root, SpeechBody.Synthesis synthesis, Optional<String> upstreamId) {
        JsonNode data = AnswerFields.object(root, "data", "data");
        JsonNode status = data.path("status");
        if (!status.isMissingNode() && !status.isNull() && status.asInt(-1) != FINISHED) {
            throw new InvalidAnswerException("the answer's data.status is " + status + ", not " + FINISHED + " (finished)");
        }
        String hex = AnswerFields.text(data, "audio", "data.audio").strip();
        if (hex.isEmpty()) {
            throw new InvalidAnswerException("the answer's data.audio is empty");
        }
        byte[] audio;
        try {
            audio = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new InvalidAnswerException("the answer's data.audio is not hex");
        }
        Output output = Output.newBuilder()
                .setBinaries(List.of(InlineBinaries.inline(audio, synthesis.contentType())))
                .setFinishReason(FinishReason.STOP)
                .build();
        Usage usage = Usage.newBuilder().setUnits(characters(root, synthesis)).setUnitKind(UnitKind.CHARACTERS).build();
        return new AdapterResult.Success(output, usage, upstreamId.or(() -> AnswerFields.optionalText(root, "trace_id")));
    }

    // usage_characters is what MiniMax bills for the text; without it the audio was still made: the text's characters stand in
    private static long characters(JsonNode root, SpeechBody.Synthesis synthesis) {
        JsonNode extra = root.path("extra_info");
        if (extra.isObject()) {
            var reported = AnswerFields.optionalCount(extra, "usage_characters", "extra_info.usage_characters");
            if (reported.isPresent()) {
                return reported.getAsLong();
            }
        }
        return synthesis.text().codePointCount(0, synthesis.text().length());
    }
}
