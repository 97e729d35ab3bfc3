package io.inferline.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.SimulatedMedia;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The demo's batch file: 300 lines across eleven providers and every kind of work (chat, embeddings, images,
 * speech, transcription, video), in both input formats a user has: OpenAI Batch lines for the chat models and
 * native lines for the rest. Output bounds are set, as a careful user sets them, so the router's worst-case
 * reservations stay small.
 */
final class DemoBatch {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CHAT = List.of("gpt-4o-mini", "anthropic/claude-haiku-4-5", "google/gemini-2.5-flash",
            "workers-ai/@cf/meta/llama-3.1-8b-instruct", "alibaba/qwen-turbo", "bytedance/doubao-seed-1-6-250615",
            "minimax/MiniMax-M2", "mistral/mistral-small-latest", "cohere/command-r-08-2024");
    private static final List<String> QUESTIONS = List.of("What is Kafka?", "Name three rivers in Europe.",
            "Explain exactly-once delivery in one sentence.", "Write a haiku about a lighthouse.", "What is a credit pool?",
            "Give me a synonym for fast.", "Why do batch jobs save money?", "Translate 'good morning' into French.",
            "What does a schema registry do?", "Summarize the idea of backpressure.", "What is a fallback model?",
            "Suggest a name for a cat.", "What is 17 times 23?", "Define latency.", "What is a dead-letter queue?",
            "Tell me a fun fact about octopuses.", "What is a compacted topic?", "How many continents are there?",
            "What is an idempotency key?", "Say hello in Japanese.");
    private static final List<String> EMBEDDING = List.of("openai/text-embedding-3-small", "cohere/embed-v4.0", "mistral/mistral-embed",
            "google/gemini-embedding-001");
    private static final List<String> IMAGE = List.of("recraft/recraftv3", "openai/gpt-image-1", "workers-ai/@cf/black-forest-labs/flux-1-schnell",
            "alibaba/wan2.2-t2i-flash", "bytedance/doubao-seedream-4-0-250828", "runway/gen4_image");
    private static final List<String> SPEECH = List.of("inworld/inworld-tts-1", "openai/tts-1", "minimax/speech-02-hd");
    /** Video models with a length they make, so each reservation covers exactly that length. */
    private static final Map<String, Integer> VIDEO = Map.of("bytedance/doubao-seedance-1-0-pro-250528", 5, "pixverse/v5", 5,
            "vidu/viduq1", 5, "minimax/MiniMax-Hailuo-02", 6, "alibaba/wan2.2-t2v-plus", 5);

    private DemoBatch() {
    }

    /** Writes the file and returns how many lines of each kind it has. */
    static Map<String, Integer> write(Path file) {
        List<String> lines = new ArrayList<>();
        int chat = 0;
        for (String question : QUESTIONS) {
            for (String model : CHAT) {
                lines.add(openAiChat("chat-" + (++chat), model, question));
            }
        }
        for (int i = 0; i < 20; i++) {
            String first = QUESTIONS.get(i);
            String second = QUESTIONS.get((i + 1) % QUESTIONS.size());
            lines.add(nativeLine("embed-" + (i + 1), EMBEDDING.get(i % EMBEDDING.size()), "EMBEDDING",
                    line -> line.putArray("input").add(first).add(second)));
        }
        for (int i = 0; i < 30; i++) {
            String subject = QUESTIONS.get(i % QUESTIONS.size()).replace("?", "");
            lines.add(nativeLine("image-" + (i + 1), IMAGE.get(i % IMAGE.size()), "IMAGE",
                    line -> line.put("input", "a poster for: " + subject)));
        }
        for (int i = 0; i < 30; i++) {
            String text = QUESTIONS.get(i % QUESTIONS.size());
            lines.add(nativeLine("speech-" + (i + 1), SPEECH.get(i % SPEECH.size()), "SPEECH", line -> line.put("input", text)));
        }
        String audio = "data:audio/wav;base64," + Base64.getEncoder().encodeToString(SimulatedMedia.silentWav(2));
        for (int i = 0; i < 20; i++) {
            boolean url = i % 2 == 0;
            String customId = "transcribe-" + (i + 1);
            lines.add(nativeLine(customId, url ? "assemblyai/universal" : "openai/whisper-1", "TRANSCRIPTION",
                    line -> line.put("media_url", url ? "https://media.example/" + customId + ".wav" : audio)));
        }
        List<String> videos = new ArrayList<>(new java.util.TreeSet<>(VIDEO.keySet()));
        for (int i = 0; i < 20; i++) {
            String model = videos.get(i % videos.size());
            String scene = QUESTIONS.get(i % QUESTIONS.size()).replace("?", "");
            lines.add(nativeLine("video-" + (i + 1), model, "VIDEO", line -> {
                line.put("input", "a short clip about: " + scene);
                line.putObject("options").put("duration_seconds", VIDEO.get(model));
            }));
        }
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo batch " + file, e);
        }
        return Map.of("chat", chat, "embedding", 20, "image", 30, "speech", 30, "transcription", 20, "video", 20);
    }

    private static String openAiChat(String customId, String model, String question) {
        ObjectNode line = JSON.createObjectNode().put("custom_id", customId).put("method", "POST").put("url", "/v1/chat/completions");
        ObjectNode body = line.putObject("body").put("model", model).put("max_tokens", 200);
        body.putArray("messages").addObject().put("role", "user").put("content", question);
        return line.toString();
    }

    private static String nativeLine(String customId, String model, String capability, java.util.function.Consumer<ObjectNode> fill) {
        ObjectNode line = JSON.createObjectNode().put("custom_id", customId).put("model", model).put("capability", capability);
        fill.accept(line);
        return line.toString();
    }

}
