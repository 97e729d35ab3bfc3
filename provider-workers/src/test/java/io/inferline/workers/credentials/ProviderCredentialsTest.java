package io.inferline.workers.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderCredentialsTest {

    @Test
    void keysComeFromTheProvidersUsualVariables() {
        ProviderCredentials credentials = ProviderCredentials.from(Map.of("ANTHROPIC_API_KEY", "sk-ant-1", "GOOGLE_API_KEY", "g-2",
                "CLOUDFLARE_API_TOKEN", "cf-3", "MISTRAL_API_KEY", "m-4"));

        assertThat(credentials.apiKey("anthropic").orElseThrow().reveal()).isEqualTo("sk-ant-1");
        assertThat(credentials.apiKey("google").orElseThrow().reveal()).isEqualTo("g-2");
        assertThat(credentials.apiKey("workers-ai").orElseThrow().reveal()).isEqualTo("cf-3");
        assertThat(credentials.apiKey("mistral").orElseThrow().reveal()).isEqualTo("m-4");
        assertThat(credentials.apiKey("openai")).isEmpty();
    }

    @Test
    void aSecretsFileFillsWhatTheEnvironmentLacks(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("secrets.properties"), "openai.api.key = sk-file\nanthropic.api.key=from-file\n");
        ProviderCredentials credentials = ProviderCredentials.from(Map.of(ProviderCredentials.SECRETS_FILE_ENV, file.toString(),
                "ANTHROPIC_API_KEY", "from-env"));

        assertThat(credentials.apiKey("openai").orElseThrow().reveal()).isEqualTo("sk-file");
        assertThat(credentials.apiKey("anthropic").orElseThrow().reveal()).isEqualTo("from-env");
    }

    @Test
    void keysPrintHiddenAndAMissingOneIsExplainedWithoutValues(@TempDir Path dir) {
        var key = ProviderCredentials.from(Map.of("OPENAI_API_KEY", "sk-very-secret")).apiKey("openai").orElseThrow();

        assertThat(key.toString()).isEqualTo("[hidden]");
        assertThat(String.valueOf(Map.of("key", key))).doesNotContain("sk-very-secret");
        assertThat(key.redact("Incorrect API key provided: sk-very-secret.")).isEqualTo("Incorrect API key provided: [hidden].");
        assertThat(ProviderCredentials.missingKeyHelp("google")).contains("GEMINI_API_KEY or GOOGLE_API_KEY");
        assertThatThrownBy(() -> ProviderCredentials.from(Map.of(ProviderCredentials.SECRETS_FILE_ENV, dir.resolve("absent").toString())))
                .hasMessageContaining("cannot read the secrets file").hasMessageNotContaining("absent");
    }
}
