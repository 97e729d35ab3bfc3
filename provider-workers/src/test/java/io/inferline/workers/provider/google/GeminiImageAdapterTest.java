package io.inferline.workers.provider.google;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.answer;
import static io.inferline.workers.provider.AdapterFixtures.endpoint;
import static io.inferline.workers.provider.AdapterFixtures.json;
import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.raw;
import static io.inferline.workers.provider.AdapterFixtures.routed;
import static io.inferline.workers.provider.AdapterFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferline.avro.AttemptOutcome;
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
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** gemini-2.5-flash-image through generateContent with image output, on recorded-style answers. */
class GeminiImageAdapterTest {

    // made up for the test, shaped like a Google API key
    private static final String KEY = "AIzaSyT3stK3yN0tR3al-AbCdEfGhIjKlMnOpQr";
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
    private final GeminiAdapter adapter = new GeminiAdapter();

    private static RoutedRequest image(GenerationOptions options) {
        return routed("google", "gemini-2.5-flash-image", Capability.IMAGE,
                Input.newBuilder().setCapability(Capability.IMAGE).setPrompt("a lighthouse at dawn").build(), options);
    }

    private static RoutedRequest lighthouse() {
        return image(options().setSize("16:9").setTemperature(0.7).setSeed(7L).build());
    }

    private AdapterResult.Success success(String fixture) {
        AdapterResult result = adapter.fromUpstream(lighthouse(), answer(200, fixture), NOW);
        assertThat(result).isInstanceOf(AdapterResult.Success.class);
        return (AdapterResult.Success) result;
    }

    @Test
    void asksGenerateContentForImagesOnly() {
        UpstreamRequest request = adapter.toUpstream(lighthouse(), endpoint(KEY));

        assertThat(request.uri()).isEqualTo(URI.create("http://localhost:18080/sim/v1beta/models/gemini-2.5-flash-image:generateContent"));
        assertThat(request.headers()).containsEntry("x-goog-api-key", KEY).containsEntry("Content-Type", "application/json");
        assertThat(tree(request.body())).isEqualTo(json("google/image-request.json"));
    }

    @Test
    void aPixelSizeTheModelRendersBecomesItsAspectRatio() {
        UpstreamRequest square = adapter.toUpstream(image(options().setSize("1024x1024").build()), endpoint(KEY));
        UpstreamRequest plain = adapter.toUpstream(image(options().build()), endpoint(KEY));

        assertThat(tree(square.body()).get("generationConfig").get("imageConfig").get("aspectRatio").asText()).isEqualTo("1:1");
        assertThat(tree(plain.body()).get("generationConfig").has("imageConfig")).isFalse();
    }

    @Test
    void whatTheApiCannotTakeIsRefusedBeforeTheCall() {
        assertThatThrownBy(() -> adapter.toUpstream(image(options().setSize("1000x1000").build()), endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("16:9").hasMessageContaining("1344x768");
        assertThatThrownBy(() -> adapter.toUpstream(image(options().setExtra(Map.of("n", "2")).build()), endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("options.extra [n]");
        RoutedRequest noPrompt = routed("google", "gemini-2.5-flash-image", Capability.IMAGE,
                Input.newBuilder().setCapability(Capability.IMAGE).build(), options().build());
        assertThatThrownBy(() -> adapter.toUpstream(noPrompt, endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("input.prompt");
    }

    @Test
    void inlineDataImagesAreBinariesBilledOneUnitEach() {
        AdapterResult.Success success = success("google/image-success.json");

        BinaryRef image = success.output().getBinaries().get(0);
        assertThat(success.output().getBinaries()).hasSize(1);
        assertThat(image.getContentType()).isEqualTo("image/png");
        assertThat(image.getSizeBytes()).isEqualTo(PNG.length);
        assertThat(image.getSha256()).isEqualTo(InlineBinaries.sha256Hex(PNG));
        assertThat(success.output().getText()).isNull();
        assertThat(success.output().getFinishReason()).isEqualTo("stop");
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setInputTokens(7).setOutputTokens(1290)
                .setUnits(1).setUnitKind(UnitKind.IMAGES).build());
        assertThat(success.upstreamRequestId()).contains("uG4laN3bC4Xc-8YP9ePRuAo");
    }

    @Test
    void textBesideTheImagesIsKeptAndBothSpellingsOfInlineDataAreRead() {
        AdapterResult.Success success = success("google/image-with-text.json");

        assertThat(success.output().getText()).isEqualTo("Here is your lighthouse at dawn.");
        assertThat(success.output().getBinaries()).extracting(BinaryRef::getContentType).containsExactly("image/png", "image/jpeg");
        assertThat(success.usage().getUnits()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource({"google/image-safety.json, 9", "google/image-blocked-prompt.json, 9"})
    void aFilteredImageOrBlockedPromptIsAnAnswerWithoutImages(String fixture, long input) {
        AdapterResult.Success success = success(fixture);

        assertThat(success.output().getFinishReason()).isEqualTo("content_filter");
        assertThat(success.output().getBinaries()).isEmpty();
        assertThat(success.usage().getUnits()).isZero();
        assertThat(success.usage().getUnitKind()).isEqualTo(UnitKind.IMAGES);
        assertThat(success.usage().getInputTokens()).isEqualTo(input);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "400 | google/error-400-modalities.json | FATAL        | FATAL_ERROR     | INVALID_ARGUMENT   | response modalities",
            "401 | google/error-401.json            | FATAL        | FATAL_ERROR     | UNAUTHENTICATED    | API key",
            "403 | google/error-403.json            | FATAL        | FATAL_ERROR     | PERMISSION_DENIED  | ''",
            "404 | google/error-404.json            | FATAL        | FATAL_ERROR     | NOT_FOUND          | ''",
            "429 | google/error-429.json            | RATE_LIMITED | RATE_LIMITED    | RESOURCE_EXHAUSTED | exceeded your current quota",
            "500 | google/error-500.json            | RETRYABLE    | RETRYABLE_ERROR | INTERNAL           | ''",
            "503 | google/error-503.json            | RETRYABLE    | RETRYABLE_ERROR | UNAVAILABLE        | ''",
    })
    void errorsAreClassifiedWithTheirStatus(int status, String fixture, FailureKind kind, AttemptOutcome outcome, String code,
                                            String message) {
        AdapterResult.Failure failure = (AdapterResult.Failure) adapter.fromUpstream(lighthouse(), answer(status, fixture), NOW);

        assertThat(failure.failure().kind()).isEqualTo(kind);
        assertThat(failure.outcome()).isEqualTo(outcome);
        assertThat(failure.errorCode()).isEqualTo(code);
        assertThat(failure.message()).contains(message);
        if (status == 429) {
            assertThat(failure.failure().retryAfter()).contains(Duration.ofSeconds(37));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "google/image-text-only.json     | the answer has no image",
            "google/image-truncated.json     | the body is not JSON",
            "google/image-bad-data.json      | parts[0].inlineData.data is not base64",
            "google/image-missing-data.json  | the answer has no candidates[0].content.parts[0].inlineData.data (a string)",
            "google/image-missing-usage.json | the answer has no usageMetadata (an object)",
            "google/image-bad-usage.json     | usageMetadata.promptTokenCount is not a non-negative whole number",
            "google/generate-missing-candidates.json | the answer has no candidates[0]",
    })
    void unreadableSuccessesAreRetriedAsInvalidResponses(String fixture, String message) {
        AdapterResult.Failure failure = (AdapterResult.Failure) adapter.fromUpstream(lighthouse(), answer(200, fixture), NOW);

        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.errorCode()).isEqualTo("invalid_response");
        assertThat(failure.message()).contains(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''         | the body is empty",
            "[]         | the body is not a JSON object",
            "not json   | the body is not JSON",
            "{\"usageMetadata\": {\"promptTokenCount\": 1}, \"candidates\": [{\"content\": {\"parts\": [{\"inlineData\": 5}]}}]} | the answer has no image",
    })
    void garbageBodiesAreInvalidResponsesNeverExceptions(String body, String message) {
        AdapterResult.Failure failure = (AdapterResult.Failure) adapter.fromUpstream(lighthouse(), raw(200, body), NOW);

        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.message()).contains(message);
    }
}
