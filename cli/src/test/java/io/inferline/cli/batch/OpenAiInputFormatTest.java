package io.inferline.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.Capability;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.Input;
import io.inferline.avro.Message;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lines of the OpenAI Batch input format become inferline requests. */
class OpenAiInputFormatTest {

    private static BatchLine only(String line) {
        BatchFile file = BatchFile.parse(line + "\n", BatchFile.DEFAULT_MAX_LINE_BYTES);
        assertThat(file.problems()).isEmpty();
        assertThat(file.lines()).hasSize(1);
        return file.lines().get(0);
    }

    @Test
    void aChatCompletionLineMapsEveryParameter() {
        BatchLine line = only("""
                {"custom_id": "request-1", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini",
                 "messages": [{"role": "system", "content": "You are terse."}, {"role": "user", "content": "Hello world!"}],
                 "max_tokens": 1000, "temperature": 0.2, "top_p": 0.9, "stop": "END", "seed": 42,
                 "response_format": {"type": "json_object"},
                 "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}]}}
                """.replace("\n", " "));
        assertThat(line.customId()).isEqualTo("request-1");
        assertThat(line.endpoint()).isEqualTo("/v1/chat/completions");
        assertThat(line.model()).isEqualTo("openai/gpt-4o-mini");
        assertThat(line.input().getCapability()).isEqualTo(Capability.CHAT);
        assertThat(line.input().getMessages()).extracting(Message::getRole, Message::getContent)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("system", "You are terse."),
                        org.assertj.core.groups.Tuple.tuple("user", "Hello world!"));
        GenerationOptions options = line.options();
        assertThat(options.getMaxOutputTokens()).isEqualTo(1000);
        assertThat(options.getTemperature()).isEqualTo(0.2);
        assertThat(options.getTopP()).isEqualTo(0.9);
        assertThat(options.getStop()).containsExactly("END");
        assertThat(options.getSeed()).isEqualTo(42L);
        assertThat(options.getResponseFormat()).isEqualTo("json_object");
        assertThat(options.getToolsJson()).contains("\"get_weather\"").startsWith("[");
        assertThat(options.getExtra()).isEmpty();
    }

    @Test
    void maxCompletionTokensWinsOverMaxTokens() {
        BatchLine line = only("""
                {"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o","messages":[{"role":"user","content":"x"}],
                 "max_tokens":10,"max_completion_tokens":20}}""".replace("\n", ""));
        assertThat(line.options().getMaxOutputTokens()).isEqualTo(20);
    }

    @Test
    void modelNamesBareOpenAiNamesSlugsAndAliases() {
        assertThat(ModelNames.fromOpenAi("gpt-4o-mini")).isEqualTo("openai/gpt-4o-mini");
        assertThat(ModelNames.fromOpenAi("o3-mini")).isEqualTo("openai/o3-mini");
        assertThat(ModelNames.fromOpenAi("text-embedding-3-small")).isEqualTo("openai/text-embedding-3-small");
        assertThat(ModelNames.fromOpenAi("ft:gpt-4o-mini:org::abc")).isEqualTo("openai/ft:gpt-4o-mini:org::abc");
        assertThat(ModelNames.fromOpenAi("anthropic/claude-haiku-4-5")).isEqualTo("anthropic/claude-haiku-4-5");
        assertThat(ModelNames.fromOpenAi("workers-ai/@cf/meta/llama-3.1-8b-instruct")).isEqualTo("workers-ai/@cf/meta/llama-3.1-8b-instruct");
        assertThat(ModelNames.fromOpenAi("claude-opus")).isEqualTo("claude-opus");
    }

    @Test
    void contentPartsJoinTheirTextAndKeepImagesAsMedia() {
        BatchLine line = only("""
                {"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o","messages":[{"role":"user",
                 "content":[{"type":"text","text":"What is"},{"type":"text","text":"in this picture?"},
                 {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]}}""".replace("\n", ""));
        Message message = line.input().getMessages().get(0);
        assertThat(message.getContent()).isEqualTo("What is\nin this picture?");
        assertThat(message.getMedia()).singleElement().satisfies(media -> {
            assertThat(media.getUri()).isEqualTo("https://example.com/cat.png");
            assertThat(media.getContentType()).isEqualTo("image/png");
        });
    }

    @Test
    void developerMessagesAreSystemMessagesAndToolTurnsAreKept() {
        BatchLine line = only("""
                {"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o","messages":[
                 {"role":"developer","content":"Be brief."},{"role":"user","content":"Weather?"},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"w","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"call_1","content":"sunny"}]}}""".replace("\n", ""));
        List<Message> messages = line.input().getMessages();
        assertThat(messages).extracting(Message::getRole).containsExactly("system", "user", "assistant", "tool");
        assertThat(messages.get(2).getToolCalls()).singleElement().satisfies(call -> {
            assertThat(call.getId()).isEqualTo("call_1");
            assertThat(call.getName()).isEqualTo("w");
        });
        assertThat(messages.get(3).getToolCallId()).isEqualTo("call_1");
    }

    @Test
    void unknownBodyFieldsTravelInExtraAndIgnorableOnesAreDropped() {
        BatchLine line = only("""
                {"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o","messages":[{"role":"user","content":"x"}],
                 "presence_penalty":0.5,"logit_bias":{"50256":-100},"stream":false,"user":"u1","n":1}}""".replace("\n", ""));
        assertThat(line.options().getExtra()).containsOnly(Map.entry("presence_penalty", "0.5"),
                Map.entry("logit_bias", "{\"50256\":-100}"));
    }

    @Test
    void anEmbeddingsLineTakesOneTextOrMany() {
        BatchLine one = only("{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"text-embedding-3-small\",\"input\":\"hello\"}}");
        BatchLine many = only("{\"custom_id\":\"b\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"mistral/mistral-embed\",\"input\":[\"a\",\"b\"],\"dimensions\":256}}");
        assertThat(one.input().getCapability()).isEqualTo(Capability.EMBEDDING);
        assertThat(one.input().getTexts()).containsExactly("hello");
        assertThat(one.model()).isEqualTo("openai/text-embedding-3-small");
        assertThat(many.input().getTexts()).containsExactly("a", "b");
        assertThat(many.model()).isEqualTo("mistral/mistral-embed");
        assertThat(many.options().getExtra()).containsEntry("dimensions", "256");
    }

    @Test
    void aResponsesLineMapsInputInstructionsAndFormat() {
        BatchLine line = only("""
                {"custom_id":"r","method":"POST","url":"/v1/responses","body":{"model":"gpt-4.1-mini","instructions":"Answer in French.",
                 "input":[{"role":"user","content":[{"type":"input_text","text":"Hello"}]}],"max_output_tokens":64,
                 "text":{"format":{"type":"json_schema","name":"greeting","schema":{"type":"object"}}},
                 "tools":[{"type":"function","name":"lookup","parameters":{"type":"object"}}]}}""".replace("\n", ""));
        assertThat(line.endpoint()).isEqualTo("/v1/responses");
        assertThat(line.input().getMessages()).extracting(Message::getRole, Message::getContent)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("system", "Answer in French."),
                        org.assertj.core.groups.Tuple.tuple("user", "Hello"));
        assertThat(line.options().getMaxOutputTokens()).isEqualTo(64);
        assertThat(line.options().getResponseFormat()).contains("\"greeting\"").contains("\"schema\"");
        assertThat(line.options().getToolsJson()).isEqualTo("[{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"parameters\":{\"type\":\"object\"}}}]");
        assertThat(line.options().getExtra()).containsEntry("openai.api", "\"responses\"");
    }

    @Test
    void aResponsesLineWithAPlainInputIsAPromptAndOnlyOpenAiGetsTheResponsesApi() {
        BatchLine line = only("{\"custom_id\":\"r\",\"method\":\"POST\",\"url\":\"/v1/responses\",\"body\":{\"model\":\"anthropic/claude-haiku-4-5\",\"input\":\"Hi\"}}");
        assertThat(line.input().getPrompt()).isEqualTo("Hi");
        assertThat(line.input().getMessages()).isEmpty();
        assertThat(line.options().getExtra()).isEmpty();
    }

    @Test
    void aLineBecomesARequestOfItsJob() {
        BatchLine line = only("{\"custom_id\":\"q\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}}");
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        InferenceRequest request = line.toRequest("r-1", "acct", "job-1", now, now.plusSeconds(60), Map.of("team", "search"));
        assertThat(request.getRequestId()).isEqualTo("r-1");
        assertThat(request.getAccountId()).isEqualTo("acct");
        assertThat(request.getJobId()).isEqualTo("job-1");
        assertThat(request.getCustomId()).isEqualTo("q");
        assertThat(request.getModel()).isEqualTo("openai/gpt-4o");
        assertThat(request.getCreatedAt()).isEqualTo(now);
        assertThat(request.getDeadline()).isEqualTo(now.plusSeconds(60));
        assertThat(request.getMetadata()).containsEntry("team", "search").containsEntry(BatchLine.ENDPOINT_METADATA, "/v1/chat/completions")
                .containsEntry(BatchLine.LINE_METADATA, "1");
        Input input = request.getInput();
        assertThat(input.getMessages()).hasSize(1);
    }
}
