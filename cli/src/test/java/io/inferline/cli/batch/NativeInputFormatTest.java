package io.inferline.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.Capability;
import org.junit.jupiter.api.Test;

/** inferline's native batch lines, one per capability. */
class NativeInputFormatTest {

    private static BatchLine only(String line) {
        BatchFile file = BatchFile.parse(line + "\n", BatchFile.DEFAULT_MAX_LINE_BYTES);
        assertThat(file.problems()).isEmpty();
        return file.lines().get(0);
    }

    @Test
    void aPromptIsAChatRequestByDefault() {
        BatchLine line = only("{\"custom_id\":\"q1\",\"model\":\"anthropic/claude-haiku-4-5\",\"input\":\"Name three rivers.\"}");
        assertThat(line.endpoint()).isEqualTo(BatchLine.NATIVE);
        assertThat(line.model()).isEqualTo("anthropic/claude-haiku-4-5");
        assertThat(line.input().getCapability()).isEqualTo(Capability.CHAT);
        assertThat(line.input().getPrompt()).isEqualTo("Name three rivers.");
    }

    @Test
    void messagesOptionsMetadataAndFallbacks() {
        BatchLine line = only("""
                {"custom_id":"q2","model":"gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],
                 "options":{"max_output_tokens":50,"temperature":0.5,"stop":["\\n\\n"],"seed":7,"response_format":"json_object",
                 "extra":{"presence_penalty":0.1}},"metadata":{"team":"search"},"fallback_models":["google/gemini-2.5-flash"]}""".replace("\n", ""));
        assertThat(line.model()).as("an alias is taken as it is").isEqualTo("gpt-4o-mini");
        assertThat(line.input().getMessages()).hasSize(2);
        assertThat(line.options().getMaxOutputTokens()).isEqualTo(50);
        assertThat(line.options().getTemperature()).isEqualTo(0.5);
        assertThat(line.options().getStop()).containsExactly("\n\n");
        assertThat(line.options().getSeed()).isEqualTo(7L);
        assertThat(line.options().getResponseFormat()).isEqualTo("json_object");
        assertThat(line.options().getExtra()).containsEntry("presence_penalty", "0.1");
        assertThat(line.metadata()).containsEntry("team", "search");
        assertThat(line.fallbackModels()).containsExactly("google/gemini-2.5-flash");
    }

    @Test
    void withoutAModelTheAccountDefaultIsUsed() {
        assertThat(only("{\"custom_id\":\"q\",\"input\":\"hi\"}").model()).isNull();
    }

    @Test
    void embeddingsImagesSpeechTranscriptionAndVideo() {
        BatchLine embedding = only("{\"custom_id\":\"e\",\"model\":\"cohere/embed-v4.0\",\"capability\":\"embedding\",\"input\":[\"a\",\"b\"]}");
        assertThat(embedding.input().getCapability()).isEqualTo(Capability.EMBEDDING);
        assertThat(embedding.input().getTexts()).containsExactly("a", "b");

        BatchLine image = only("{\"custom_id\":\"i\",\"model\":\"recraft/recraftv3\",\"capability\":\"IMAGE\",\"input\":\"a red fox\",\"options\":{\"size\":\"1024x1024\"}}");
        assertThat(image.input().getCapability()).isEqualTo(Capability.IMAGE);
        assertThat(image.input().getPrompt()).isEqualTo("a red fox");
        assertThat(image.options().getSize()).isEqualTo("1024x1024");

        BatchLine speech = only("{\"custom_id\":\"s\",\"model\":\"inworld/inworld-tts-1\",\"capability\":\"SPEECH\",\"input\":\"Hello\",\"options\":{\"voice\":\"Ashley\"}}");
        assertThat(speech.input().getCapability()).isEqualTo(Capability.SPEECH);
        assertThat(speech.options().getVoice()).isEqualTo("Ashley");

        BatchLine transcription = only("{\"custom_id\":\"t\",\"model\":\"assemblyai/universal\",\"capability\":\"TRANSCRIPTION\",\"media_url\":\"https://example.com/a.mp3\"}");
        assertThat(transcription.input().getMedia()).singleElement().satisfies(media -> {
            assertThat(media.getUri()).isEqualTo("https://example.com/a.mp3");
            assertThat(media.getContentType()).isEqualTo("audio/mpeg");
        });

        BatchLine video = only("{\"custom_id\":\"v\",\"model\":\"runway/gen4_turbo\",\"capability\":\"VIDEO\",\"input\":\"a cat\","
                + "\"media_url\":\"https://example.com/frame\",\"media_type\":\"image/jpeg\",\"options\":{\"duration_seconds\":5}}");
        assertThat(video.input().getPrompt()).isEqualTo("a cat");
        assertThat(video.input().getMedia().get(0).getContentType()).isEqualTo("image/jpeg");
        assertThat(video.options().getDurationSeconds()).isEqualTo(5);
    }

    @Test
    void aDataUrlBecomesTheBytesThemselvesForProvidersThatTakeFiles() {
        BatchLine transcription = only("{\"custom_id\":\"t\",\"model\":\"openai/whisper-1\",\"capability\":\"TRANSCRIPTION\","
                + "\"media_url\":\"data:audio/wav;base64,UklGRg==\"}");
        assertThat(transcription.input().getMedia()).singleElement().satisfies(media -> {
            assertThat(media.getUri()).isEqualTo("inline:");
            assertThat(media.getContentType()).isEqualTo("audio/wav");
            assertThat(media.getSizeBytes()).isEqualTo(4);
            assertThat(media.getSha256()).hasSize(64);
            assertThat(new String(media.getInlineData().array(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        });
    }
}
