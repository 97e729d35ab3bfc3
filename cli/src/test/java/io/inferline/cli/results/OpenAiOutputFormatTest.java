package io.inferline.cli.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferline.avro.BinaryRef;
import io.inferline.avro.ErrorInfo;
import io.inferline.avro.InferenceResponse;
import io.inferline.avro.Output;
import io.inferline.avro.ResponseStatus;
import io.inferline.avro.ToolCall;
import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import io.inferline.cli.batch.BatchLine;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Responses written as OpenAI Batch output lines. */
class OpenAiOutputFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final OpenAiOutputFormat format = new OpenAiOutputFormat();

    private static InferenceResponse.Builder response(String endpoint, ResponseStatus status) {
        return InferenceResponse.newBuilder().setRequestId("r-1").setAccountId("acct").setJobId("job-1").setCustomId("request-1")
                .setStatus(status).setProvider("openai").setModel("gpt-4o-mini").setSlug("openai/gpt-4o-mini")
                .setMetadata(Map.of(BatchLine.ENDPOINT_METADATA, endpoint, BatchLine.LINE_METADATA, "1"))
                .setCompletedAt(Instant.ofEpochSecond(1_700_000_000));
    }

    private JsonNode line(InferenceResponse response) throws Exception {
        String text = format.line(response);
        assertThat(text).doesNotContain("\n");
        return JSON.readTree(text);
    }

    @Test
    void aChatCompletion() throws Exception {
        JsonNode line = line(response("/v1/chat/completions", ResponseStatus.SUCCEEDED)
                .setOutput(Output.newBuilder().setText("Hello!").setFinishReason("stop").build())
                .setUsage(Usage.newBuilder().setInputTokens(12).setOutputTokens(3).setCachedInputTokens(2).build())
                .setCostMicros(17).setUpstreamRequestId("chatcmpl-abc").build());
        assertThat(line.path("id").asText()).isEqualTo("batch_req_r-1");
        assertThat(line.path("custom_id").asText()).isEqualTo("request-1");
        assertThat(line.path("error").isNull()).isTrue();
        JsonNode answer = line.path("response");
        assertThat(answer.path("status_code").asInt()).isEqualTo(200);
        assertThat(answer.path("request_id").asText()).isEqualTo("r-1");
        JsonNode body = answer.path("body");
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("id").asText()).isEqualTo("chatcmpl-abc");
        assertThat(body.path("created").asLong()).isEqualTo(1_700_000_000L);
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Hello!");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/usage/prompt_tokens").asLong()).isEqualTo(12);
        assertThat(body.at("/usage/completion_tokens").asLong()).isEqualTo(3);
        assertThat(body.at("/usage/total_tokens").asLong()).isEqualTo(15);
        assertThat(body.at("/usage/prompt_tokens_details/cached_tokens").asLong()).isEqualTo(2);
        assertThat(line.at("/inferline/cost_micros").asLong()).isEqualTo(17);
        assertThat(line.at("/inferline/slug").asText()).isEqualTo("openai/gpt-4o-mini");
    }

    @Test
    void toolCallsInAChatCompletion() throws Exception {
        JsonNode line = line(response("/v1/chat/completions", ResponseStatus.SUCCEEDED)
                .setOutput(Output.newBuilder().setToolCalls(List.of(ToolCall.newBuilder().setId("call_1").setName("weather")
                        .setArgumentsJson("{\"city\":\"Paris\"}").build())).build()).build());
        JsonNode message = line.at("/response/body/choices/0/message");
        assertThat(message.at("/tool_calls/0/id").asText()).isEqualTo("call_1");
        assertThat(message.at("/tool_calls/0/type").asText()).isEqualTo("function");
        assertThat(message.at("/tool_calls/0/function/arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(line.at("/response/body/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void anEmbeddingList() throws Exception {
        JsonNode line = line(response("/v1/embeddings", ResponseStatus.SUCCEEDED)
                .setOutput(Output.newBuilder().setEmbeddings(List.of(List.of(0.5f, -1f), List.of(0.25f, 0f))).build())
                .setUsage(Usage.newBuilder().setInputTokens(4).build()).build());
        JsonNode body = line.at("/response/body");
        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.at("/data/1/object").asText()).isEqualTo("embedding");
        assertThat(body.at("/data/1/index").asInt()).isEqualTo(1);
        assertThat(body.at("/data/0/embedding/0").asDouble()).isEqualTo(0.5);
        assertThat(body.at("/data/0/embedding/1").asDouble()).isEqualTo(-1.0);
        assertThat(body.at("/usage/prompt_tokens").asLong()).isEqualTo(4);
    }

    @Test
    void aResponsesApiResponse() throws Exception {
        JsonNode body = line(response("/v1/responses", ResponseStatus.SUCCEEDED)
                .setOutput(Output.newBuilder().setText("Bonjour").build())
                .setUsage(Usage.newBuilder().setInputTokens(5).setOutputTokens(1).build()).build()).at("/response/body");
        assertThat(body.path("object").asText()).isEqualTo("response");
        assertThat(body.path("status").asText()).isEqualTo("completed");
        assertThat(body.at("/output/0/type").asText()).isEqualTo("message");
        assertThat(body.at("/output/0/content/0/type").asText()).isEqualTo("output_text");
        assertThat(body.at("/output/0/content/0/text").asText()).isEqualTo("Bonjour");
        assertThat(body.at("/usage/input_tokens").asLong()).isEqualTo(5);
        assertThat(body.at("/usage/total_tokens").asLong()).isEqualTo(6);
    }

    @Test
    void mediaOfANativeLine() throws Exception {
        JsonNode body = line(response(BatchLine.NATIVE, ResponseStatus.SUCCEEDED)
                .setOutput(Output.newBuilder().setBinaries(List.of(BinaryRef.newBuilder().setUri("file:/blobs/ab.png")
                        .setContentType("image/png").setSizeBytes(2048L).setSha256("ab").build())).build())
                .setUsage(Usage.newBuilder().setUnits(1).setUnitKind(UnitKind.IMAGES).build()).build()).at("/response/body");
        assertThat(body.path("object").asText()).isEqualTo("inferline.media");
        assertThat(body.at("/data/0/url").asText()).isEqualTo("file:/blobs/ab.png");
        assertThat(body.at("/data/0/content_type").asText()).isEqualTo("image/png");
        assertThat(body.at("/data/0/size_bytes").asLong()).isEqualTo(2048);
        assertThat(body.at("/usage/unit_kind").asText()).isEqualTo("IMAGES");
    }

    @Test
    void aNativeTextLineIsAChatCompletionAndANativeEmbeddingAList() throws Exception {
        assertThat(line(response(BatchLine.NATIVE, ResponseStatus.SUCCEEDED).setOutput(Output.newBuilder().setText("x").build()).build())
                .at("/response/body/object").asText()).isEqualTo("chat.completion");
        assertThat(line(response(BatchLine.NATIVE, ResponseStatus.SUCCEEDED).setOutput(Output.newBuilder()
                .setEmbeddings(List.of(List.of(1f))).build()).build()).at("/response/body/object").asText()).isEqualTo("list");
    }

    @Test
    void aFailedRequestCarriesItsStatusAndError() throws Exception {
        InferenceResponse failed = response("/v1/chat/completions", ResponseStatus.FAILED)
                .setError(ErrorInfo.newBuilder().setCode("upstream_error").setMessage("overloaded").setUpstreamStatus(529).build()).build();
        assertThat(OpenAiOutputFormat.isError(failed)).isTrue();
        JsonNode line = line(failed);
        assertThat(line.at("/error/code").asText()).isEqualTo("upstream_error");
        assertThat(line.at("/error/message").asText()).isEqualTo("overloaded");
        assertThat(line.at("/response/status_code").asInt()).isEqualTo(529);
        assertThat(line.at("/response/body/error/message").asText()).isEqualTo("overloaded");
        assertThat(line.at("/inferline/status").asText()).isEqualTo("FAILED");
    }

    @Test
    void statusCodesOfTheRefusals() throws Exception {
        ErrorInfo error = ErrorInfo.newBuilder().setCode("X").setMessage("m").build();
        assertThat(line(response("/v1/chat/completions", ResponseStatus.REJECTED).setError(error).build()).at("/response/status_code").asInt())
                .isEqualTo(400);
        assertThat(line(response("/v1/chat/completions", ResponseStatus.INSUFFICIENT_CREDITS).setError(error).build())
                .at("/response/status_code").asInt()).isEqualTo(402);
        assertThat(line(response("/v1/chat/completions", ResponseStatus.RATE_LIMITED).setError(error).build())
                .at("/response/status_code").asInt()).isEqualTo(429);
        assertThat(line(response("/v1/chat/completions", ResponseStatus.FAILED).setError(error).build())
                .at("/response/status_code").asInt()).as("a request no provider can take").isEqualTo(400);
        JsonNode unreachable = line(response("/v1/chat/completions", ResponseStatus.FAILED)
                .setError(ErrorInfo.newBuilder(error).setRetryable(true).build()).build());
        assertThat(unreachable.at("/response/status_code").asInt()).as("the provider could not be reached").isEqualTo(502);
        assertThat(unreachable.at("/response/body/error/type").asText()).isEqualTo("server_error");
        assertThat(line(response("/v1/chat/completions", ResponseStatus.FAILED)
                .setError(ErrorInfo.newBuilder(error).setUpstreamStatus(529).build()).build())
                .at("/response/status_code").asInt()).as("the provider's own status").isEqualTo(529);
    }

    @Test
    void aCancelledOrExpiredRequestNeverReachedAModel() throws Exception {
        JsonNode cancelled = line(response("/v1/chat/completions", ResponseStatus.CANCELLED)
                .setError(ErrorInfo.newBuilder().setCode("JOB_CANCELLED").setMessage("batch job was cancelled").build()).build());
        assertThat(cancelled.path("response").isNull()).isTrue();
        assertThat(cancelled.at("/error/code").asText()).isEqualTo("JOB_CANCELLED");
        JsonNode expired = line(response("/v1/chat/completions", ResponseStatus.EXPIRED).build());
        assertThat(expired.path("response").isNull()).isTrue();
        assertThat(expired.at("/error/code").asText()).isEqualTo("EXPIRED");
    }
}
