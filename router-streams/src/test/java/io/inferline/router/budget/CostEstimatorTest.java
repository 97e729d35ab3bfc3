package io.inferline.router.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.Capability;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.Input;
import io.inferline.avro.Message;
import io.inferline.avro.ModelSpec;
import io.inferline.router.catalog.MapCatalog;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostEstimatorTest {

    private final MapCatalog catalog = MapCatalog.bundled();
    private final CostEstimator estimator = new CostEstimator(4096, 600);

    private ModelSpec model(String slug) {
        return catalog.get("model:" + slug).orElseThrow().getModel();
    }

    private static InferenceRequest request(Input input, GenerationOptions options) {
        return InferenceRequest.newBuilder().setRequestId("r").setAccountId("a").setInput(input).setOptions(options)
                .setCreatedAt(Instant.EPOCH).build();
    }

    @Test
    void chatIsBoundedByInputBytesAndMaxOutputTokens() {
        Input input = Input.newBuilder().setMessages(List.of(Message.newBuilder().setRole("user").setContent("x".repeat(992)).build())).build();
        GenerationOptions options = GenerationOptions.newBuilder().setMaxOutputTokens(1000).build();

        // input bound: 992 bytes + 8 per message + 8 = 1008 tokens at 5,000,000/M (input > cached) = 5040
        // output bound: 1000 tokens at 25,000,000/M = 25,000
        assertThat(estimator.worstCaseMicros(request(input, options), model("anthropic/claude-opus-4-6"))).isEqualTo(30_040);
        assertThat(estimator.worstCaseTokens(request(input, options), model("anthropic/claude-opus-4-6"))).isEqualTo(2008);
    }

    @Test
    void withoutMaxTokensTheModelsMaximumBounds() {
        Input input = Input.newBuilder().setPrompt("hi").build();

        long cost = estimator.worstCaseMicros(request(input, GenerationOptions.newBuilder().build()), model("openai/gpt-4o-mini"));

        assertThat(cost).isEqualTo(CostEstimator.perMillion(10, 150_000) + CostEstimator.perMillion(16_384, 600_000));
    }

    @Test
    void theImageCountIsReadAsTheWorkersReadIt() {
        assertThat(CostEstimator.imageCount(GenerationOptions.newBuilder().build())).isEqualTo(1);
        assertThat(CostEstimator.imageCount(GenerationOptions.newBuilder().setExtra(Map.of("n", "3")).build())).isEqualTo(3);
        assertThat(CostEstimator.imageCount(GenerationOptions.newBuilder().setExtra(Map.of("n", "\"4\"")).build())).isEqualTo(4);
        assertThat(CostEstimator.imageCount(GenerationOptions.newBuilder().setExtra(Map.of("n", " \" 5 \" ")).build())).isEqualTo(5);
        assertThat(CostEstimator.imageCount(GenerationOptions.newBuilder().setExtra(Map.of("n", "\"many\"")).build())).isEqualTo(1);
        assertThat(CostEstimator.imageCount(GenerationOptions.newBuilder().setExtra(Map.of("n", "\"")).build())).isEqualTo(1);
    }

    @Test
    void mediaIsPricedPerUnit() {
        GenerationOptions none = GenerationOptions.newBuilder().build();
        assertThat(estimator.worstCaseMicros(request(Input.newBuilder().setCapability(Capability.IMAGE).setPrompt("cat").build(),
                GenerationOptions.newBuilder().setExtra(Map.of("n", "2")).build()), model("recraft/recraftv3"))).isEqualTo(80_000);
        assertThat(estimator.worstCaseMicros(request(Input.newBuilder().setCapability(Capability.VIDEO).setPrompt("sea").build(),
                GenerationOptions.newBuilder().setDurationSeconds(5).build()), model("runway/gen4_turbo"))).isEqualTo(250_000);
        assertThat(estimator.worstCaseMicros(request(Input.newBuilder().setCapability(Capability.TRANSCRIPTION).build(), none),
                model("assemblyai/universal"))).isEqualTo(42L * 600);
        assertThat(estimator.worstCaseMicros(request(Input.newBuilder().setCapability(Capability.SPEECH).setPrompt("héllo").build(), none),
                model("inworld/inworld-tts-1"))).isEqualTo(25);
    }

    @Test
    void roundsUpSoTheEstimateStaysAnUpperBound() {
        assertThat(CostEstimator.perMillion(1, 1)).isEqualTo(1);
        assertThat(CostEstimator.perMillion(0, 1_000)).isZero();
        assertThat(CostEstimator.perMillion(1_000_000, 3)).isEqualTo(3);
    }

    @Test
    void countsUtf8BytesWithoutEncoding() {
        for (String text : new String[] {"", "ascii", "héllo", "日本語", "emoji \uD83D\uDE00 end", "lone \uD800 surrogate"}) {
            assertThat(CostEstimator.utf8Length(text)).as(text)
                    .isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
    }
}
