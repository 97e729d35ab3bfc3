package io.inferline.simulators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Deterministic answer content shared by every provider: the reply text, the token arithmetic, embeddings
 * and ids. Nothing here is random, so the same request always gets the same text and usage.
 */
public final class Replies {

    /** Prompts at least this long report half their tokens as read from the provider's prompt cache. */
    public static final int CACHE_THRESHOLD_TOKENS = 1024;

    private static final int ECHO_CHARS = 60;
    private static final Pattern WEATHER = Pattern.compile("\\bweather\\b", Pattern.CASE_INSENSITIVE);
    private static final AtomicLong IDS = new AtomicLong();

    private Replies() {
    }

    /** Why generation ended. */
    public enum Stop { COMPLETE, MAX_TOKENS, STOP_SEQUENCE }

    /**
     * A generated reply.
     *
     * @param stopSequence the stop sequence that cut the text, when {@code stop} is STOP_SEQUENCE
     */
    public record Generation(String text, int outputTokens, Stop stop, String stopSequence) {
    }

    /** ceil(chars / 4): the simulators' tokenizer. */
    public static int tokens(String text) {
        return text == null ? 0 : (text.length() + 3) / 4;
    }

    /** The cached part of a prompt: half of it once it reaches {@link #CACHE_THRESHOLD_TOKENS}, else none. */
    public static int cachedTokens(int promptTokens) {
        return promptTokens >= CACHE_THRESHOLD_TOKENS ? promptTokens / 2 : 0;
    }

    /**
     * "simulated &lt;model&gt; reply: " plus the start of the last user message (as {@code {"reply": ...}} when
     * {@code json}), cut by the first stop sequence it contains, then to {@code maxTokens} (null = no limit).
     */
    public static Generation generate(String model, String lastUserText, Integer maxTokens, List<String> stopSequences,
                                      boolean json) {
        String echo = lastUserText == null ? "" : lastUserText.strip();
        if (echo.length() > ECHO_CHARS) {
            echo = echo.substring(0, ECHO_CHARS);
        }
        String text = "simulated " + model + " reply: " + echo;
        if (json) {
            text = Json.write(Json.object().put("reply", text));
        }
        Stop stop = Stop.COMPLETE;
        String matched = null;
        int earliest = Integer.MAX_VALUE;
        for (String sequence : stopSequences) {
            int at = sequence.isEmpty() ? -1 : text.indexOf(sequence);
            if (at >= 0 && at < earliest) {
                earliest = at;
                matched = sequence;
            }
        }
        if (matched != null) {
            text = text.substring(0, earliest);
            stop = Stop.STOP_SEQUENCE;
        }
        if (maxTokens != null && tokens(text) > maxTokens) {
            text = text.substring(0, Math.min(text.length(), maxTokens * 4));
            stop = Stop.MAX_TOKENS;
            matched = null;
        }
        return new Generation(text, tokens(text), stop, matched);
    }

    /** Whether a request that offers tools gets a tool call back: its last user message mentions the weather. */
    public static boolean wantsToolCall(String lastUserText) {
        return lastUserText != null && WEATHER.matcher(lastUserText).find();
    }

    /**
     * Arguments for a simulated tool call: the tool's first required (else first declared) parameter, or
     * "query", set to the start of the user's message.
     */
    public static ObjectNode toolArguments(JsonNode parameterSchema, String lastUserText) {
        String name = "query";
        if (parameterSchema != null) {
            JsonNode required = parameterSchema.path("required");
            JsonNode properties = parameterSchema.path("properties");
            if (required.isArray() && required.size() > 0 && required.get(0).isTextual()) {
                name = required.get(0).asText();
            } else if (properties.isObject() && properties.size() > 0) {
                name = properties.fieldNames().next();
            }
        }
        String value = lastUserText.strip();
        return Json.object().put(name, value.length() > ECHO_CHARS ? value.substring(0, ECHO_CHARS) : value);
    }

    /** A unit-length vector that depends only on the text. */
    public static float[] embedding(String text, int dimensions) {
        SplittableRandom random = new SplittableRandom(text.hashCode() * 0x9E3779B97F4A7C15L);
        float[] vector = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (random.nextDouble() * 2 - 1);
            norm += vector[i] * vector[i];
        }
        float scale = (float) (1 / Math.sqrt(norm == 0 ? 1 : norm));
        for (int i = 0; i < dimensions; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    /** Whether a model id names an embedding model rather than a text-generation one. */
    public static boolean isEmbeddingModel(String model) {
        String id = model.toLowerCase(Locale.ROOT);
        return id.contains("embed") || id.contains("/bge");
    }

    /** A fresh id such as {@code msg_sim0000000000000000000001}. */
    public static String id(String prefix) {
        return prefix + String.format(Locale.ROOT, "sim%021d", IDS.incrementAndGet());
    }
}
