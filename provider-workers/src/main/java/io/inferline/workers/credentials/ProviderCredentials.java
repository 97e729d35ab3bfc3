package io.inferline.workers.credentials;

import io.inferline.workers.provider.Secret;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The one place provider keys come from: an environment variable, else a secrets file (properties
 * lines {@code <provider>.api.key=...}, readable only by the worker's user). Keys are held as
 * {@link Secret}s, so they print as {@code [hidden]} wherever they travel by mistake.
 *
 * <p>Environment variables, by provider: {@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY},
 * {@code GEMINI_API_KEY} (or {@code GOOGLE_API_KEY}), {@code CLOUDFLARE_API_TOKEN} for Workers AI,
 * {@code DASHSCOPE_API_KEY} (or {@code ALIBABA_API_KEY}) for Alibaba, {@code ARK_API_KEY} (or {@code BYTEDANCE_API_KEY})
 * for Bytedance, {@code RUNWAY_API_KEY} (or {@code RUNWAYML_API_SECRET}, the name Runway's SDKs read) for Runway,
 * and {@code <PROVIDER>_API_KEY} for the others (dashes as underscores).
 */
public final class ProviderCredentials {

    /** The file path setting, given on the command line or as {@code INFERLINE_WORKER_SECRETS_FILE}. */
    public static final String SECRETS_FILE_ENV = "INFERLINE_WORKER_SECRETS_FILE";

    private static final Map<String, List<String>> VARIABLES = Map.of(
            "google", List.of("GEMINI_API_KEY", "GOOGLE_API_KEY"),
            "workers-ai", List.of("CLOUDFLARE_API_TOKEN"),
            "alibaba", List.of("DASHSCOPE_API_KEY", "ALIBABA_API_KEY"),
            "bytedance", List.of("ARK_API_KEY", "BYTEDANCE_API_KEY"),
            "runway", List.of("RUNWAY_API_KEY", "RUNWAYML_API_SECRET"));

    private final Map<String, String> environment;
    private final Map<String, String> file;

    private ProviderCredentials(Map<String, String> environment, Map<String, String> file) {
        this.environment = Map.copyOf(environment);
        this.file = Map.copyOf(file);
    }

    /** Credentials from {@code environment}, then the secrets file it names (if any). */
    public static ProviderCredentials from(Map<String, String> environment) {
        String path = environment.get(SECRETS_FILE_ENV);
        return new ProviderCredentials(environment, path == null || path.isBlank() ? Map.of() : readFile(Path.of(path)));
    }

    private static Map<String, String> readFile(Path path) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path)) {
            properties.load(reader);
        } catch (IOException e) {
            // the path is the operator's own setting; the file's content never reaches this message
            throw new IllegalStateException("cannot read the secrets file named by " + SECRETS_FILE_ENV + ": " + e.getClass().getSimpleName());
        }
        Map<String, String> keys = new HashMap<>();
        properties.forEach((name, value) -> keys.put(name.toString().trim(), value.toString().trim()));
        return keys;
    }

    /** The variable names checked for {@code provider}, in order. */
    public static List<String> variablesFor(String provider) {
        return VARIABLES.getOrDefault(provider,
                List.of(provider.toUpperCase(Locale.ROOT).replace('-', '_') + "_API_KEY"));
    }

    /** The key for {@code provider}, if the environment or the secrets file has one. */
    public Optional<Secret> apiKey(String provider) {
        for (String variable : variablesFor(provider)) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return Optional.of(Secret.of(value.trim()));
            }
        }
        return Optional.ofNullable(file.get(provider + ".api.key")).filter(v -> !v.isBlank()).map(Secret::of);
    }

    /** What to tell an operator whose provider has no key. */
    public static String missingKeyHelp(String provider) {
        return "no API key for " + provider + ": set " + String.join(" or ", variablesFor(provider))
                + ", or " + provider + ".api.key in the file named by " + SECRETS_FILE_ENV;
    }
}
