package io.inferline.workers.provider.workersai;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.answer;
import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.tree;
import static io.inferline.workers.provider.workersai.MediaFixtures.ERROR_HEADERS;
import static io.inferline.workers.provider.workersai.MediaFixtures.RAY;
import static io.inferline.workers.provider.workersai.MediaFixtures.RUN;
import static io.inferline.workers.provider.workersai.MediaFixtures.TOKEN;
import static io.inferline.workers.provider.workersai.MediaFixtures.endpoint;
import static io.inferline.workers.provider.workersai.MediaFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferline.avro.BinaryRef;
import io.inferline.avro.Capability;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.Input;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.UnsupportedRequestException;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.retry.FailureKind;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Workers AI flux-1-schnell (text-to-image) on recorded-style answers. */
class WorkersAiImageAdapterTest {

    private final WorkersAiAdapter adapter = new WorkersAiAdapter();

    static RoutedRequest fox() {
        return image(options().build());
    }

    static RoutedRequest image(GenerationOptions options) {
        return request("@cf/black-forest-labs/flux-1-schnell", Capability.IMAGE, Input.newBuilder().setPrompt("a red fox"), options);
    }

    @Test
    void postsThePromptAndSteps() {
        UpstreamRequest upstream = adapter.toUpstream(image(options().setSeed(3L).setTemperature(0.4)
                .setExtra(Map.of("steps", "6")).build()), endpoint());

        assertThat(upstream.uri()).isEqualTo(URI.create(RUN + "@cf/black-forest-labs/flux-1-schnell"));
        assertThat(upstream.headers()).containsEntry("Authorization", "Bearer " + TOKEN).containsEntry("Content-Type", "application/json");
        assertThat(tree(upstream.body())).isEqualTo(tree("{\"prompt\":\"a red fox\",\"steps\":6}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void whatTheSchemaCannotTakeIsRefusedBeforeTheCall() {
        assertThatThrownBy(() -> adapter.toUpstream(image(options().setSize("1024x1024").build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("no size");
        assertThatThrownBy(() -> adapter.toUpstream(image(options().setExtra(Map.of("steps", "9")).build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("1 to 8");
        assertThatThrownBy(() -> adapter.toUpstream(image(options().setExtra(Map.of("n", "2")).build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("[n]");
        assertThatThrownBy(() -> adapter.toUpstream(request("@cf/black-forest-labs/flux-1-schnell", Capability.IMAGE,
                Input.newBuilder(), options().build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("input.prompt");
    }

    @Test
    void theBase64ImageIsOneInlineJpeg() {
        AdapterResult.Success success = MediaFixtures.success(adapter, fox(), "workers-ai/image-success.json");

        BinaryRef image = success.output().getBinaries().get(0);
        assertThat(image.getContentType()).isEqualTo("image/jpeg");
        assertThat(image.getSha256()).isEqualTo(InlineBinaries.sha256Hex(image.getInlineData().array()));
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setUnits(1).setUnitKind(UnitKind.IMAGES).build());
        assertThat(success.upstreamRequestId()).contains("8c2f1a2b3c4d5e6f-CDG");
        assertThat(MediaFixtures.success(adapter, fox(), "workers-ai/image-png.json").output().getBinaries().get(0).getContentType()).isEqualTo("image/png");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "workers-ai/image-missing.json    | the answer has no result.image (a string)",
            "workers-ai/image-wrong-type.json | the answer has no result.image (a string)",
            "workers-ai/image-bad-b64.json    | result.image is not base64",
            "workers-ai/chat-missing-result.json | the answer has no result (an object)",
            "workers-ai/chat-truncated.json   | the body is not JSON",
    })
    void unreadableSuccessesAreInvalidResponses(String fixture, String message) {
        assertThat(MediaFixtures.invalid(adapter, fox(), answer(200, fixture, RAY)).message()).contains(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "400 | workers-ai/error-400-image.json | FATAL        | 5006  | additional property 'width'",
            "401 | workers-ai/error-401.json       | FATAL        | 10000 | Authentication error",
            "429 | workers-ai/error-429.json       | RATE_LIMITED | 3040  | Capacity temporarily exceeded",
            "500 | workers-ai/error-500.json       | RETRYABLE    | ''    | ''",
    })
    void errorsAreClassifiedWithCloudflaresCode(int status, String fixture, FailureKind kind, String code, String message) {
        ErrorChecks.check(adapter.fromUpstream(fox(), answer(status, fixture, ERROR_HEADERS), NOW), kind, code, message);
    }

    @Test
    void aSuccessEnvelopeThatSaysItFailedIsClassifiedByItsCode() {
        AdapterResult.Failure failure = (AdapterResult.Failure) adapter.fromUpstream(fox(),
                answer(200, "workers-ai/success-false-3040.json"), NOW);

        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(failure.errorCode()).isEqualTo("3040");
    }
}
