package io.inferline.launcher;

import io.inferline.simulators.ProviderSimulator;
import io.inferline.workers.credentials.ProviderCredentials;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which providers the local workers call for real and which the simulators answer: a provider whose key is in
 * the environment (e.g. {@code ANTHROPIC_API_KEY}) goes to its real API, every other one to its simulator.
 */
final class ProviderChoice {

    private final Map<String, Boolean> real = new TreeMap<>();

    ProviderChoice(List<String> providers, Map<String, String> environment) {
        for (String provider : providers) {
            boolean keyGiven = ProviderCredentials.variablesFor(provider).stream()
                    .anyMatch(name -> environment.get(name) != null && !environment.get(name).isBlank());
            real.put(provider, keyGiven);
        }
    }

    List<String> simulated() {
        return real.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
    }

    List<String> realApis() {
        return real.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    }

    /** Worker settings pointing the simulated providers at the simulator. */
    Map<String, Object> workerSettings(ProviderSimulator simulator) {
        Map<String, Object> settings = new HashMap<>();
        for (String provider : simulated()) {
            if (simulator.providers().contains(provider)) {
                settings.put("worker.provider." + provider + ".base.url", simulator.baseUrl(provider).toString());
            }
        }
        if (simulated().contains("workers-ai")) {
            settings.put("worker.provider.workers-ai.account.id", simulator.workersAiAccountId());
        }
        return settings;
    }

    /** The environment with the simulator's keys for the simulated providers; real keys are kept as they are. */
    Map<String, String> workerEnvironment(Map<String, String> environment, ProviderSimulator simulator) {
        Map<String, String> merged = new HashMap<>(environment);
        for (String provider : simulated()) {
            if (simulator.providers().contains(provider)) {
                merged.put(ProviderCredentials.variablesFor(provider).get(0), simulator.apiKey(provider));
            }
        }
        return merged;
    }

    /** One line per provider: where its calls go. */
    List<String> describe(ProviderSimulator simulator) {
        List<String> lines = new ArrayList<>();
        real.forEach((provider, isReal) -> lines.add(String.format("    %-12s %s", provider,
                isReal ? "real API (key from the environment)" : "simulator " + simulator.baseUrl(provider))));
        return lines;
    }
}
