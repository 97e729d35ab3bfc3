package io.inferline.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a line can be bad is reported with the line's number, and the good lines are kept. */
class BatchFileValidationTest {

    private static final String GOOD = "{\"custom_id\":\"ok\",\"model\":\"openai/gpt-4o-mini\",\"input\":\"hi\"}";
    private static final String CHAT = "{\"custom_id\":\"c\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":%s}";
    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]";

    static Stream<Arguments> badLines() {
        return Stream.of(
                Arguments.of("not json", "not valid JSON at column"),
                Arguments.of("{\"custom_id\":\"a\",", "not valid JSON"),
                Arguments.of("{\"custom_id\":\"a\"} {\"custom_id\":\"b\"}", "not valid JSON"),
                Arguments.of("[1,2]", "must be a JSON object, got an array"),
                Arguments.of("\"text\"", "must be a JSON object"),
                Arguments.of("{\"custom_id\":\"a\",\"custom_id\":\"b\",\"input\":\"x\"}", "Duplicate field 'custom_id'"),
                Arguments.of("{\"model\":\"openai/gpt-4o\",\"input\":\"x\"}", "missing \"custom_id\""),
                Arguments.of("{\"custom_id\":7,\"input\":\"x\"}", "\"custom_id\" must be a string, got 7"),
                Arguments.of("{\"custom_id\":\"\",\"input\":\"x\"}", "\"custom_id\" is empty"),
                Arguments.of("{\"custom_id\":\"ok\",\"input\":\"again\"}", "duplicate custom_id \"ok\" (first on line 1)"),
                // OpenAI format
                Arguments.of("{\"custom_id\":\"c\",\"url\":\"/v1/chat/completions\",\"body\":{}}", "missing \"method\""),
                Arguments.of("{\"custom_id\":\"c\",\"method\":\"GET\",\"url\":\"/v1/chat/completions\",\"body\":{}}", "\"method\" must be \"POST\""),
                Arguments.of("{\"custom_id\":\"c\",\"method\":\"POST\",\"url\":\"/v1/completions\",\"body\":{}}",
                        "unknown url \"/v1/completions\" (expected /v1/chat/completions, /v1/embeddings, /v1/responses)"),
                Arguments.of("{\"custom_id\":\"c\",\"method\":\"POST\",\"body\":{}}", "missing \"url\""),
                Arguments.of("{\"custom_id\":\"c\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\"}", "missing \"body\""),
                Arguments.of("{\"custom_id\":\"c\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":[]}", "\"body\" must be an object"),
                Arguments.of("{\"custom_id\":\"c\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{},\"extra\":1}", "unknown field \"extra\""),
                Arguments.of(CHAT.formatted("{" + MESSAGES + "}"), "missing \"body.model\""),
                Arguments.of(CHAT.formatted("{\"model\":\"gpt-4o\"}"), "missing \"body.messages\""),
                Arguments.of(CHAT.formatted("{\"model\":\"gpt-4o\",\"messages\":[]}"), "\"body.messages\" is empty"),
                Arguments.of(CHAT.formatted("{\"model\":\"gpt-4o\",\"messages\":\"hi\"}"), "\"body.messages\" must be an array"),
                Arguments.of(CHAT.formatted("{\"model\":\"gpt-4o\",\"messages\":[\"hi\"]}"), "\"body.messages[0]\" must be an object"),
                Arguments.of(CHAT.formatted("{\"model\":\"gpt-4o\",\"messages\":[{\"content\":\"x\"}]}"), "missing \"body.messages[0].role\""),
                Arguments.of(CHAT.formatted("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}"),
                        "\"body.messages[0].role\" must be one of"),
                Arguments.of(CHAT.formatted("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\"}]}"), "missing \"body.messages[0].content\""),
                Arguments.of(CHAT.formatted("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}"),
                        "missing \"body.messages[0].tool_call_id\""),
                Arguments.of(CHAT.formatted("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"file\"}]}]}"),
                        "\"body.messages[0].content[0].type\" \"file\" is not supported"),
                Arguments.of(CHAT.formatted("{\"model\":\"gpt-4o\"," + MESSAGES + ",\"max_tokens\":0}"), "\"body.max_tokens\" must be positive, got 0"),
                Arguments.of(CHAT.formatted("{\"model\":\"gpt-4o\"," + MESSAGES + ",\"max_tokens\":1.5}"), "\"body.max_tokens\" must be a whole number"),
                Arguments.of(CHAT.formatted("{\"model\":\"gpt-4o\"," + MESSAGES + ",\"temperature\":\"hot\"}"), "\"body.temperature\" must be a number, got \"hot\""),
                Arguments.of(CHAT.formatted("{\"model\":\"gpt-4o\"," + MESSAGES + ",\"temperature\":3}"), "\"body.temperature\" must be between 0 and 2, got 3"),
                Arguments.of(CHAT.formatted("{\"model\":\"gpt-4o\"," + MESSAGES + ",\"top_p\":1.5}"), "\"body.top_p\" must be between 0 and 1"),
                Arguments.of(CHAT.formatted("{\"model\":\"gpt-4o\"," + MESSAGES + ",\"stop\":[1]}"), "\"body.stop[0]\" must be a string"),
                Arguments.of(CHAT.formatted("{\"model\":\"gpt-4o\"," + MESSAGES + ",\"seed\":\"x\"}"), "\"body.seed\" must be a whole number"),
                Arguments.of(CHAT.formatted("{\"model\":\"gpt-4o\"," + MESSAGES + ",\"response_format\":{\"type\":\"yaml\"}}"),
                        "\"body.response_format.type\" must be text, json_object or json_schema"),
                Arguments.of(CHAT.formatted("{\"model\":\"gpt-4o\"," + MESSAGES + ",\"tools\":[{\"type\":\"web_search\"}]}"),
                        "\"body.tools[0].type\" \"web_search\" is not supported"),
                Arguments.of(CHAT.formatted("{\"model\":\"gpt-4o\"," + MESSAGES + ",\"n\":2}"), "\"body.n\" must be 1"),
                Arguments.of("{\"custom_id\":\"e\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"text-embedding-3-small\"}}",
                        "missing \"body.input\""),
                Arguments.of("{\"custom_id\":\"e\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"text-embedding-3-small\",\"input\":[1,2]}}",
                        "\"body.input\" holds token ids"),
                Arguments.of("{\"custom_id\":\"e\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"text-embedding-3-small\",\"input\":[]}}",
                        "\"body.input\" must hold at least one non-empty text"),
                Arguments.of("{\"custom_id\":\"r\",\"method\":\"POST\",\"url\":\"/v1/responses\",\"body\":{\"model\":\"gpt-4o\"}}", "missing \"body.input\""),
                Arguments.of("{\"custom_id\":\"r\",\"method\":\"POST\",\"url\":\"/v1/responses\",\"body\":{\"model\":\"gpt-4o\",\"input\":[{\"type\":\"function_call_output\",\"role\":\"user\",\"content\":\"x\"}]}}",
                        "\"body.input[0].type\" \"function_call_output\" is not supported"),
                // native format
                Arguments.of("{\"custom_id\":\"n\",\"model\":\"openai/gpt-4o\"}", "missing \"input\" or \"messages\""),
                Arguments.of("{\"custom_id\":\"n\",\"input\":\"x\",\"messages\":[]}", "give either \"input\" or \"messages\", not both"),
                Arguments.of("{\"custom_id\":\"n\",\"input\":\"x\",\"capability\":\"DANCE\"}", "\"capability\" must be one of CHAT, EMBEDDING, IMAGE, SPEECH, TRANSCRIPTION, VIDEO; got \"DANCE\""),
                Arguments.of("{\"custom_id\":\"n\",\"input\":[\"a\",\"b\"]}", "\"input\" of a CHAT request must be a string, got an array (several texts are for capability EMBEDDING)"),
                Arguments.of("{\"custom_id\":\"n\",\"capability\":\"EMBEDDING\"}", "missing \"input\""),
                Arguments.of("{\"custom_id\":\"n\",\"capability\":\"IMAGE\"}", "missing \"input\" (the prompt of a IMAGE request)"),
                Arguments.of("{\"custom_id\":\"n\",\"capability\":\"IMAGE\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "\"messages\" is for CHAT"),
                Arguments.of("{\"custom_id\":\"n\",\"capability\":\"TRANSCRIPTION\"}", "missing \"media_url\" (the audio to transcribe)"),
                Arguments.of("{\"custom_id\":\"n\",\"capability\":\"VIDEO\"}", "missing \"input\" or \"media_url\""),
                Arguments.of("{\"custom_id\":\"n\",\"capability\":\"TRANSCRIPTION\",\"media_url\":\"/tmp/a.mp3\"}", "\"media_url\" must be an http(s) or data: URL"),
                Arguments.of("{\"custom_id\":\"n\",\"capability\":\"TRANSCRIPTION\",\"media_url\":\"data:audio/wav;base64,@@@\"}", "not valid base64"),
                Arguments.of("{\"custom_id\":\"n\",\"capability\":\"TRANSCRIPTION\",\"media_url\":\"data:audio/wav;base64\"}", "without a comma"),
                Arguments.of("{\"custom_id\":\"n\",\"input\":\"x\",\"media_type\":\"audio/mpeg\"}", "\"media_type\" without \"media_url\""),
                Arguments.of("{\"custom_id\":\"n\",\"input\":\"x\",\"modle\":\"openai/gpt-4o\"}", "unknown field \"modle\""),
                Arguments.of("{\"custom_id\":\"n\",\"input\":\"x\",\"options\":{\"max_tokens\":5}}", "unknown field \"options.max_tokens\""),
                Arguments.of("{\"custom_id\":\"n\",\"input\":\"x\",\"options\":{\"max_output_tokens\":-1}}", "\"options.max_output_tokens\" must be positive"),
                Arguments.of("{\"custom_id\":\"n\",\"input\":\"x\",\"options\":{\"response_format\":5}}", "\"options.response_format\" must be"),
                Arguments.of("{\"custom_id\":\"n\",\"input\":\"x\",\"metadata\":{\"k\":1}}", "\"metadata.k\" must be a string"),
                Arguments.of("{\"custom_id\":\"n\",\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"name\":\"bob\"}]}", "unknown field \"messages[0].name\""),
                Arguments.of("{\"custom_id\":\"n\",\"model\":5,\"input\":\"x\"}", "\"model\" must be a string, got 5"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badLines")
    void aBadLineIsReportedByNumber(String bad, String expected) {
        BatchFile file = BatchFile.parse(GOOD + "\n" + bad + "\n" + GOOD.replace("\"ok\"", "\"ok-2\"") + "\n", BatchFile.DEFAULT_MAX_LINE_BYTES);
        assertThat(file.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.lineNumber()).isEqualTo(2);
            assertThat(problem.toString()).startsWith("line 2: ").contains(expected);
        });
        assertThat(file.lines()).extracting(BatchLine::lineNumber).containsExactly(1, 3);
        assertThat(file.valid()).isFalse();
    }

    @Test
    void aLineOverTheSizeLimitIsReportedWithItsSize() {
        String big = "{\"custom_id\":\"big\",\"input\":\"" + "x".repeat(200) + "\"}";
        BatchFile file = BatchFile.parse(GOOD + "\n\n" + big + "\n", 100);
        assertThat(file.problems()).singleElement().hasToString("line 3: " + big.length() + " bytes, more than the limit of 100 bytes per line");
    }

    @Test
    void blankLinesAreSkippedButCountedAndAByteOrderMarkIsIgnored() {
        BatchFile file = BatchFile.parse("\uFEFF" + GOOD + "\n\n   \nbroken\n", BatchFile.DEFAULT_MAX_LINE_BYTES);
        assertThat(file.lines()).hasSize(1);
        assertThat(file.problems()).singleElement().extracting(LineProblem::lineNumber).isEqualTo(4);
    }

    @Test
    void everyBadLineIsReportedNotJustTheFirst() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            text.append(i % 5 == 0 ? "{}" : "{\"custom_id\":\"c" + i + "\",\"input\":\"x\"}").append('\n');
        }
        BatchFile file = BatchFile.parse(text.toString(), BatchFile.DEFAULT_MAX_LINE_BYTES);
        assertThat(file.problems()).extracting(LineProblem::lineNumber).containsExactly(5, 10, 15, 20);
        assertThat(file.problems()).allSatisfy(problem -> assertThat(problem.message()).isEqualTo("missing \"custom_id\""));
        assertThat(file.lines()).hasSize(16);
    }

    @Test
    void anOpenAiFileAndANativeFileMayBeMixed() {
        BatchFile file = BatchFile.parse(GOOD + "\n" + CHAT.formatted("{\"model\":\"gpt-4o\"," + MESSAGES + "}") + "\n",
                BatchFile.DEFAULT_MAX_LINE_BYTES);
        assertThat(file.problems()).isEmpty();
        assertThat(file.lines()).extracting(BatchLine::endpoint).containsExactly(BatchLine.NATIVE, "/v1/chat/completions");
    }
}
