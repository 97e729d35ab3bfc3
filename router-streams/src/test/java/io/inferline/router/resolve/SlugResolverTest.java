package io.inferline.router.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.AccountProfile;
import io.inferline.avro.Capability;
import io.inferline.avro.CatalogEntry;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.Input;
import io.inferline.avro.ProviderSpec;
import io.inferline.schemas.catalog.CatalogKeys;
import io.inferline.router.catalog.MapCatalog;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlugResolverTest {

    private final MapCatalog catalog = MapCatalog.bundled();
    private final SlugResolver resolver = new SlugResolver(catalog, "workers-ai/@cf/meta/llama-3.1-8b-instruct");

    private static InferenceRequest request(String model, Capability capability) {
        return InferenceRequest.newBuilder().setRequestId("r1").setAccountId("a1").setModel(model)
                .setInput(Input.newBuilder().setCapability(capability).setPrompt("hi").build())
                .setCreatedAt(Instant.EPOCH).build();
    }

    private Resolution resolve(String model) {
        return resolver.resolve(request(model, Capability.CHAT), Optional.empty());
    }

    private static String slugOf(Resolution resolution) {
        assertThat(resolution).isInstanceOf(Resolution.Resolved.class);
        return ((Resolution.Resolved) resolution).model().getSlug();
    }

    private static String codeOf(Resolution resolution) {
        assertThat(resolution).isInstanceOf(Resolution.Rejected.class);
        return ((Resolution.Rejected) resolution).error().getCode();
    }

    private static String messageOf(Resolution resolution) {
        return ((Resolution.Rejected) resolution).error().getMessage();
    }

    @Test
    void canonicalSlugsResolve() {
        assertThat(slugOf(resolve("anthropic/claude-opus-4-6"))).isEqualTo("anthropic/claude-opus-4-6");
        assertThat(slugOf(resolve("workers-ai/@cf/meta/llama-3.1-8b-instruct"))).isEqualTo("workers-ai/@cf/meta/llama-3.1-8b-instruct");
    }

    @Test
    void theProviderPartIsCaseInsensitiveTheModelPartExact() {
        assertThat(slugOf(resolve("Anthropic/claude-opus-4-6"))).isEqualTo("anthropic/claude-opus-4-6");
        Resolution wrongCase = resolve("anthropic/Claude-Opus-4-6");
        assertThat(codeOf(wrongCase)).isEqualTo(ErrorCodes.UNKNOWN_MODEL);
        assertThat(messageOf(wrongCase)).contains("case-sensitive").contains("anthropic/claude-opus-4-6");
    }

    @Test
    void aliasesResolveToTheirSlug() {
        assertThat(slugOf(resolve("claude-opus"))).isEqualTo("anthropic/claude-opus-4-6");
        assertThat(slugOf(resolve("CLAUDE-OPUS"))).isEqualTo("anthropic/claude-opus-4-6");
    }

    @Test
    void aNewAccountWithoutModelGetsTheGatewayDefault() {
        Resolution resolution = resolver.resolve(request(null, Capability.CHAT), Optional.empty());

        assertThat(slugOf(resolution)).isEqualTo("workers-ai/@cf/meta/llama-3.1-8b-instruct");
    }

    @Test
    void anAccountProfileChoosesTheDefaultModelAndFallbacks() {
        AccountProfile profile = AccountProfile.newBuilder().setAccountId("a1").setDefaultModel("gemini-flash")
                .setFallbackChain(List.of("claude-haiku", "no-such-model", "openai/gpt-4o-mini"))
                .setUpdatedAt(Instant.EPOCH).build();

        Resolution resolution = resolver.resolve(request(null, Capability.CHAT), Optional.of(profile));

        assertThat(slugOf(resolution)).isEqualTo("google/gemini-2.5-flash");
        assertThat(((Resolution.Resolved) resolution).fallbackChain())
                .containsExactly("anthropic/claude-haiku-4-5", "openai/gpt-4o-mini");
    }

    @Test
    void theRequestsFallbacksWinOverTheCatalogs() {
        InferenceRequest request = InferenceRequest.newBuilder(request("openai/gpt-4o-mini", Capability.CHAT))
                .setFallbackModels(List.of("mistral-small", "openai/gpt-4o-mini")).build();

        Resolution resolution = resolver.resolve(request, Optional.empty());

        assertThat(((Resolution.Resolved) resolution).fallbackChain()).containsExactly("mistral/mistral-small-latest");
        assertThat(((Resolution.Resolved) resolve("openai/gpt-4o-mini")).fallbackChain())
                .containsExactly("anthropic/claude-haiku-4-5", "google/gemini-2.5-flash");
    }

    @Test
    void anUnknownProviderNamesTheClosestProviders() {
        Resolution resolution = resolve("antropic/claude-opus-4-6");

        assertThat(codeOf(resolution)).isEqualTo(ErrorCodes.UNKNOWN_PROVIDER);
        assertThat(messageOf(resolution)).contains("'antropic'").contains("anthropic");
    }

    @Test
    void anUnknownModelNamesTheClosestSlugs() {
        Resolution resolution = resolve("openai/gpt-4o-mimi");

        assertThat(codeOf(resolution)).isEqualTo(ErrorCodes.UNKNOWN_MODEL);
        assertThat(messageOf(resolution)).contains("openai/gpt-4o-mini");
    }

    @Test
    void anUnknownAliasNamesTheClosestNames() {
        Resolution resolution = resolve("claude-opsu");

        assertThat(codeOf(resolution)).isEqualTo(ErrorCodes.UNKNOWN_MODEL);
        assertThat(messageOf(resolution)).contains("claude-opus");
    }

    @Test
    void aDisabledProviderIsRefused() {
        catalog.put(CatalogKeys.provider("anthropic"), CatalogEntry.newBuilder()
                .setProvider(ProviderSpec.newBuilder().setId("anthropic").setName("Anthropic").setEnabled(false).build())
                .setUpdatedAt(Instant.EPOCH).build());

        assertThat(codeOf(resolve("claude-opus"))).isEqualTo(ErrorCodes.PROVIDER_DISABLED);
    }

    @Test
    void aDisabledModelIsRefused() {
        CatalogEntry entry = catalog.get("model:openai/gpt-4o").orElseThrow();
        entry.getModel().setEnabled(false);

        assertThat(codeOf(resolve("openai/gpt-4o"))).isEqualTo(ErrorCodes.MODEL_DISABLED);
    }

    @Test
    void anImageModelAskedForChatIsACapabilityMismatch() {
        Resolution resolution = resolve("recraft/recraftv3");

        assertThat(codeOf(resolution)).isEqualTo(ErrorCodes.CAPABILITY_MISMATCH);
        assertThat(messageOf(resolution)).contains("cannot do CHAT").contains("IMAGE");
        assertThat(resolver.resolve(request("recraft/recraftv3", Capability.IMAGE), Optional.empty()))
                .isInstanceOf(Resolution.Resolved.class);
    }

    @Test
    void providersOutsideTheAccountsAllowListAreRefused() {
        AccountProfile profile = AccountProfile.newBuilder().setAccountId("a1").setAllowedProviders(List.of("openai"))
                .setUpdatedAt(Instant.EPOCH).build();

        Resolution resolution = resolver.resolve(request("claude-opus", Capability.CHAT), Optional.of(profile));

        assertThat(codeOf(resolution)).isEqualTo(ErrorCodes.PROVIDER_NOT_ALLOWED);
        assertThat(messageOf(resolution)).contains("allowed providers: openai");
    }
}
