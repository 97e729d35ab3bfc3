package io.inferline.workers.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferline.avro.Capability;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.Input;
import io.inferline.avro.Message;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.ToolCall;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Requests, recorded answers and endpoints for adapter tests. Fixtures live under {@code fixtures/<provider>/}. */
public final class AdapterFixtures {

    public static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    /** Where the simulator would listen; adapters must only ever append their paths to it. */
    public static final URI SIMULATOR = URI.create("http://localhost:18080/sim");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AdapterFixtures() {
    }

    public static ProviderEndpoint endpoint(String key) {
        return new ProviderEndpoint(SIMULATOR, Secret.of(key), Map.of());
    }

    public static ProviderEndpoint endpoint(String key, Map<String, String> settings) {
        return new ProviderEndpoint(SIMULATOR, Secret.of(key), settings);
    }

    /** A fixture's text; {@code {{KEY}}} stands for the test key, so no key-shaped text sits in the repository. */
    public static String text(String path) {
        try (InputStream in = AdapterFixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String path) {
        return tree(text(path).getBytes(StandardCharsets.UTF_8));
    }

    public static JsonNode tree(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static UpstreamResponse answer(int status, String path) {
        return answer(status, path, Map.of());
    }

    public static UpstreamResponse answer(int status, String path, Map<String, String> headers) {
        return new UpstreamResponse(status, headers, text(path).getBytes(StandardCharsets.UTF_8));
    }

    public static UpstreamResponse answerWithKey(int status, String path, String key) {
        return new UpstreamResponse(status, Map.of(), text(path).replace("{{KEY}}", key).getBytes(StandardCharsets.UTF_8));
    }

    public static UpstreamResponse raw(int status, String body) {
        return new UpstreamResponse(status, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    public static GenerationOptions.Builder options() {
        return GenerationOptions.newBuilder();
    }

    public static RoutedRequest chat(String provider, String model, GenerationOptions options, Message... messages) {
        return routed(provider, model, Capability.CHAT, Input.newBuilder().setCapability(Capability.CHAT)
                .setMessages(Arrays.asList(messages)).build(), options);
    }

    public static RoutedRequest prompt(String provider, String model, String prompt) {
        return routed(provider, model, Capability.CHAT, Input.newBuilder().setCapability(Capability.CHAT).setPrompt(prompt).build(),
                options().build());
    }

    public static RoutedRequest embedding(String provider, String model, String... texts) {
        return routed(provider, model, Capability.EMBEDDING, Input.newBuilder().setCapability(Capability.EMBEDDING)
                .setTexts(List.of(texts)).build(), options().build());
    }

    public static RoutedRequest capability(String provider, String model, Capability capability) {
        return routed(provider, model, capability, Input.newBuilder().setCapability(capability).setPrompt("a red fox").build(),
                options().build());
    }

    public static RoutedRequest routed(String provider, String model, Capability capability, Input input, GenerationOptions options) {
        InferenceRequest request = InferenceRequest.newBuilder()
                .setRequestId("req-1")
                .setAccountId("acct-1")
                .setInput(input)
                .setOptions(options)
                .setCreatedAt(NOW)
                .build();
        return RoutedRequest.newBuilder()
                .setRequest(request)
                .setProvider(provider)
                .setModel(model)
                .setSlug(provider + "/" + model)
                .setCapability(capability)
                .setRoutedAt(NOW)
                .build();
    }

    public static Message system(String text) {
        return Message.newBuilder().setRole("system").setContent(text).build();
    }

    public static Message user(String text) {
        return Message.newBuilder().setRole("user").setContent(text).build();
    }

    public static Message assistant(String text) {
        return Message.newBuilder().setRole("assistant").setContent(text).build();
    }

    public static Message assistantCalling(String id, String name, String argumentsJson) {
        return Message.newBuilder().setRole("assistant")
                .setToolCalls(List.of(ToolCall.newBuilder().setId(id).setName(name).setArgumentsJson(argumentsJson).build()))
                .build();
    }

    public static Message toolResult(String callId, String content) {
        return Message.newBuilder().setRole("tool").setToolCallId(callId).setContent(content).build();
    }

    /** One OpenAI-style weather tool, as {@code options.tools_json} carries it. */
    public static final String WEATHER_TOOLS = "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"description\":\"Current weather of a city\",\"parameters\":{\"type\":\"object\","
            + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]";
}
