package io.inferline.router.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.GenerationOptions;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.Input;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheKeyTest {

    private static InferenceRequest request(String id, String prompt, GenerationOptions options) {
        return InferenceRequest.newBuilder().setRequestId(id).setAccountId("a").setInput(Input.newBuilder().setPrompt(prompt).build())
                .setOptions(options).setMetadata(Map.of("trace", id)).setCreatedAt(Instant.now()).build();
    }

    @Test
    void equalRequestsShareAKeyWhateverTheirIdsMetadataOrMapOrder() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");

        assertThat(CacheKey.of("openai/gpt-4o", request("r1", "hi", GenerationOptions.newBuilder().setExtra(ab).build())))
                .isEqualTo(CacheKey.of("openai/gpt-4o", request("r2", "hi", GenerationOptions.newBuilder().setExtra(ba).build())));
    }

    @Test
    void anyParameterThatChangesTheOutputChangesTheKey() {
        GenerationOptions base = GenerationOptions.newBuilder().setTemperature(0.0).build();
        String key = CacheKey.of("openai/gpt-4o", request("r", "hi", base));

        assertThat(key).isNotEqualTo(CacheKey.of("openai/gpt-4o-mini", request("r", "hi", base)))
                .isNotEqualTo(CacheKey.of("openai/gpt-4o", request("r", "hi!", base)))
                .isNotEqualTo(CacheKey.of("openai/gpt-4o", request("r", "hi", GenerationOptions.newBuilder().setTemperature(0.1).build())))
                .isNotEqualTo(CacheKey.of("openai/gpt-4o", request("r", "hi", GenerationOptions.newBuilder(base).setToolsJson("[]").build())))
                .isNotEqualTo(CacheKey.of("openai/gpt-4o", request("r", "hi", GenerationOptions.newBuilder(base).setResponseFormat("json_object").build())));
        assertThat(key).hasSize(64);
    }
}
