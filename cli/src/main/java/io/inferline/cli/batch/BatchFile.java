package io.inferline.cli.batch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch file read and checked line by line before anything is published: every problem is
 * reported with its line number, and the valid lines are kept in order. Blank lines are skipped.
 * Each line is in the OpenAI Batch format (it has {@code url}/{@code method}/{@code body}) or in
 * inferline's native one; a file may mix them.
 */
public final class BatchFile {

    /** Default limit of one line: a request must fit in one Kafka record (1 MB by default). */
    public static final int DEFAULT_MAX_LINE_BYTES = 1_000_000;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final List<BatchLine> lines;
    private final List<LineProblem> problems;

    private BatchFile(List<BatchLine> lines, List<LineProblem> problems) {
        this.lines = List.copyOf(lines);
        this.problems = List.copyOf(problems);
    }

    /** The valid lines, in file order. */
    public List<BatchLine> lines() {
        return lines;
    }

    /** The bad lines, in file order. */
    public List<LineProblem> problems() {
        return problems;
    }

    public boolean valid() {
        return problems.isEmpty();
    }

    public static BatchFile parse(String text, int maxLineBytes) {
        try {
            return read(new StringReader(text), maxLineBytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads every line of {@code source}; I/O errors (and text that is not UTF-8) are the caller's. */
    public static BatchFile read(Reader source, int maxLineBytes) throws IOException {
        OpenAiInputFormat openAi = new OpenAiInputFormat(JSON);
        NativeInputFormat nativeFormat = new NativeInputFormat();
        List<BatchLine> lines = new ArrayList<>();
        List<LineProblem> problems = new ArrayList<>();
        Map<String, Integer> firstLineOfCustomId = new HashMap<>();
        BufferedReader reader = source instanceof BufferedReader buffered ? buffered : new BufferedReader(source);
        int number = 0;
        for (String text = reader.readLine(); text != null; text = reader.readLine()) {
            number++;
            if (number == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            if (text.isBlank()) {
                continue;
            }
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxLineBytes) {
                problems.add(new LineProblem(number, bytes + " bytes, more than the limit of " + maxLineBytes + " bytes per line"));
                continue;
            }
            try {
                JsonNode node = parseJson(text);
                Fields fields = Fields.root(node);
                String customId = fields.requiredText("custom_id");
                Integer first = firstLineOfCustomId.putIfAbsent(customId, number);
                if (first != null) {
                    throw new InvalidLine("duplicate custom_id \"" + customId + "\" (first on line " + first + ")");
                }
                lines.add(OpenAiInputFormat.recognizes(node)
                        ? openAi.parse(number, customId, fields)
                        : nativeFormat.parse(number, customId, fields));
            } catch (InvalidLine e) {
                problems.add(new LineProblem(number, e.getMessage()));
            }
        }
        return new BatchFile(lines, problems);
    }

    private static JsonNode parseJson(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage().lines().findFirst().orElse("");
            if (message.length() > 120) {
                message = message.substring(0, 120) + "...";
            }
            String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            throw new InvalidLine("not valid JSON" + where + ": " + message);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidLine("must be a JSON object, got " + (node == null ? "nothing" : Fields.kind(node)));
        }
        return node;
    }
}
