package io.inferline.router.catalog;

import io.inferline.schemas.catalog.CatalogKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferline.avro.Capability;
import io.inferline.avro.CatalogEntry;
import io.inferline.schemas.topic.TopicRegistry;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CatalogFileTest {

    private final CatalogFile catalog = CatalogFile.bundled();

    @Test
    void coversEveryProviderWithTopicsAndTheModelsUsersExpect() {
        Set<String> providers = catalog.entries().values().stream().filter(e -> e.getProvider() != null)
                .map(e -> e.getProvider().getId()).collect(Collectors.toSet());

        assertThat(providers).containsExactlyInAnyOrderElementsOf(TopicRegistry.KNOWN_PROVIDERS);
        assertThat(catalog.entries()).containsKeys("model:openai/gpt-4o-mini", "model:anthropic/claude-opus-4-6",
                "model:anthropic/claude-sonnet-4-5", "model:google/gemini-2.5-flash",
                "model:workers-ai/@cf/meta/llama-3.1-8b-instruct", "alias:claude-opus");
        assertThat(catalog.entries().get("alias:claude-opus").getModel().getSlug()).isEqualTo("anthropic/claude-opus-4-6");
    }

    @Test
    void coversEveryCapability() {
        Set<Capability> capabilities = catalog.entries().values().stream().filter(e -> e.getModel() != null)
                .flatMap(e -> e.getModel().getCapabilities().stream()).collect(Collectors.toSet());

        assertThat(capabilities).contains(Capability.CHAT, Capability.EMBEDDING, Capability.IMAGE, Capability.VIDEO,
                Capability.SPEECH, Capability.TRANSCRIPTION);
    }

    @Test
    void everyModelHasAPrice() {
        assertThat(catalog.entries().values()).filteredOn(e -> e.getModel() != null).allSatisfy(e -> {
            var price = e.getModel().getPrice();
            assertThat(price.getInputPerMtok() + price.getOutputPerMtok() + price.getPerImage() + price.getPerSecond()
                    + price.getPerCharacter() + price.getPerRequest()).as(e.getModel().getSlug()).isPositive();
        });
    }

    @Test
    void rejectsABadFileNamingTheEntry() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String providers = "\"providers\":[{\"id\":\"acme\"}]";

        assertThatThrownBy(() -> CatalogFile.parse(json.readTree("{\"version\":1," + providers
                + ",\"models\":[{\"slug\":\"acme/m\",\"capabilities\":[\"CHAT\"],\"input_per_mtok\":0.5}]}"), "t"))
                .hasMessageContaining("acme/m: input_per_mtok must be a non-negative whole number");
        assertThatThrownBy(() -> CatalogFile.parse(json.readTree("{\"version\":1," + providers
                + ",\"models\":[{\"slug\":\"other/m\",\"capabilities\":[\"CHAT\"]}]}"), "t"))
                .hasMessageContaining("names provider 'other'");
        assertThatThrownBy(() -> CatalogFile.parse(json.readTree("{\"version\":1," + providers
                + ",\"models\":[{\"slug\":\"acme/m\",\"capabilities\":[\"TELEPATHY\"]}]}"), "t"))
                .hasMessageContaining("unknown capability TELEPATHY");
        assertThatThrownBy(() -> CatalogFile.parse(json.readTree("{\"version\":1," + providers
                + ",\"models\":[{\"slug\":\"acme/m\",\"capabilities\":[\"CHAT\"],\"fallbacks\":[\"acme/x\"]}]}"), "t"))
                .hasMessageContaining("falls back to unknown slug acme/x");
        assertThatThrownBy(() -> CatalogFile.parse(json.readTree("{\"providers\":[]}"), "t"))
                .hasMessageContaining("version");
    }

    @Test
    void aliasesAreUniqueAndCaseInsensitive() {
        CatalogEntry entry = catalog.entries().get(CatalogKeys.alias("Claude-OPUS"));

        assertThat(entry).isNotNull();
    }
}
