package io.inferline.workers.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.Capability;
import io.inferline.avro.InferenceResponse;
import io.inferline.avro.ResponseStatus;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.UsageEvent;
import io.inferline.simulators.SimulatorSettings;
import io.inferline.workers.WorkerApp;
import io.inferline.workers.provider.media.InlineBinaries;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One request to every model of the catalog (so every family of every provider), end to end on the broker, priced from the catalog. */
class EveryProviderIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private WorkerStack stack;
    private WorkerApp workers;

    @AfterEach
    void stop() {
        if (workers != null) {
            workers.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyModelFamilyAnswersOnceWithUsageAndCost() throws Exception {
        stack = new WorkerStack(1, SimulatorSettings.defaults());
        workers = WorkerApp.start(stack.workerConfig("every-provider", WorkerStack.SIMULATED), stack.environment());
        List<String> models = stack.models().stream().map(io.inferline.avro.ModelSpec::getSlug).toList();
        Map<String, String> slugByRequest = new HashMap<>();
        for (String slug : models) {
            RoutedRequest request = stack.forModel(slug);
            if (request.getCapability() == Capability.TRANSCRIPTION) {
                // audio to transcribe instead of a prompt: two seconds of silence, inline
                request.getRequest().getInput().setPrompt(null);
                request.getRequest().getInput().setMedia(List.of(InlineBinaries.inline(silence(2), "audio/wav")));
            }
            slugByRequest.put(request.getRequest().getRequestId(), slug);
            stack.send(request);
        }
        stack.flush();

        try (TopicReader<InferenceResponse> responses = stack.responses(); TopicReader<UsageEvent> usage = stack.usage()) {
            responses.awaitAtLeast(models.size(), TIMEOUT);
            Map<String, InferenceResponse> bySlug = responses.drain(Duration.ofSeconds(1)).stream()
                    .collect(Collectors.toMap(r -> slugByRequest.get(r.getRequestId()), r -> r));
            assertThat(bySlug.keySet()).containsExactlyInAnyOrderElementsOf(models);
            bySlug.forEach((slug, response) -> {
                assertThat(response.getStatus()).as(slug + ": " + response.getError()).isEqualTo(ResponseStatus.SUCCEEDED);
                assertThat(response.getCostMicros()).as(slug + " cost").isPositive();
                assertThat(response.getSlug()).isEqualTo(slug);
                var output = response.getOutput();
                switch (stack.model(slug).getCapabilities().get(0)) {
                    case CHAT -> assertThat(output.getText()).as(slug).isNotBlank();
                    case EMBEDDING -> assertThat(output.getEmbeddings()).as(slug).hasSize(2);
                    case TRANSCRIPTION -> assertThat(output.getText()).as(slug).isNotBlank();
                    default -> assertThat(output.getBinaries()).as(slug).isNotEmpty()
                            .allSatisfy(binary -> assertThat(binary.getContentType()).isNotBlank());
                }
                System.out.printf("[every-provider] %-45s %-10s usage in=%d out=%d units=%d %s, cost %d micro-credits%n", slug,
                        response.getStatus(), response.getUsage().getInputTokens(), response.getUsage().getOutputTokens(),
                        response.getUsage().getUnits(), response.getUsage().getUnitKind(), response.getCostMicros());
            });
            assertThat(usage.awaitAtLeast(models.size(), TIMEOUT)).extracting(UsageEvent::getCostMicros).allSatisfy(cost -> assertThat(cost).isPositive());
        }
    }

    /** {@code seconds} of 16 kHz 16-bit mono silence with a canonical WAV header. */
    private static byte[] silence(int seconds) {
        int data = seconds * 16_000 * 2;
        ByteBuffer wav = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        wav.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(16_000).putInt(32_000).putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data);
        return wav.array();
    }
}
