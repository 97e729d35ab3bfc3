package io.inferline.workers.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.InferenceResponse;
import io.inferline.avro.ResponseStatus;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.UsageEvent;
import io.inferline.simulators.SimulatorSettings;
import io.inferline.workers.WorkerApp;
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
    /** Video models that animate a first frame and refuse a prompt alone. */
    private static final java.util.Set<String> IMAGE_TO_VIDEO = java.util.Set.of("runway/gen4_turbo", "vidu/vidu2.0");

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
            RoutedRequest request = IMAGE_TO_VIDEO.contains(slug) ? WorkerStack.withFirstFrame(stack.forModel(slug)) : stack.forModel(slug);
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

}
