package io.inferline.router.resolve;

import io.inferline.avro.AccountProfile;
import io.inferline.avro.CatalogEntry;
import io.inferline.avro.Capability;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.ModelSpec;
import io.inferline.schemas.catalog.CatalogKeys;
import io.inferline.router.catalog.CatalogLookup;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves what a request asks for into one catalog model. {@code provider/model} slugs are
 * canonical (provider part case-insensitive, model part exact); a name without a slash is an alias;
 * no name at all means the account's default model, or the gateway default for an account that has
 * configured nothing. Every refusal names what was wrong and what would be valid.
 */
public final class SlugResolver {

    private final CatalogLookup catalog;
    private final String defaultModel;

    public SlugResolver(CatalogLookup catalog, String defaultModel) {
        this.catalog = catalog;
        this.defaultModel = defaultModel;
    }

    public Resolution resolve(InferenceRequest request, Optional<AccountProfile> profile) {
        String wanted = Optional.ofNullable(request.getModel()).filter(m -> !m.isBlank())
                .or(() -> profile.map(AccountProfile::getDefaultModel).filter(m -> m != null && !m.isBlank()))
                .orElse(defaultModel);
        Resolution found = find(wanted);
        if (!(found instanceof Resolution.Resolved resolved)) {
            return found;
        }
        ModelSpec model = resolved.model();
        Resolution refused = checkUsable(model, request.getInput().getCapability(), profile);
        if (refused != null) {
            return refused;
        }
        return new Resolution.Resolved(model, fallbackChain(request, profile, model));
    }

    /** The model a slug or alias names, without any usability check. */
    public Resolution find(String wanted) {
        int slash = wanted.indexOf('/');
        if (slash < 0) {
            return catalog.get(CatalogKeys.alias(wanted)).map(CatalogEntry::getModel)
                    .<Resolution>map(model -> new Resolution.Resolved(model, List.of()))
                    .orElseGet(() -> Resolution.Rejected.of(ErrorCodes.UNKNOWN_MODEL, "'" + wanted
                            + "' is neither a provider/model slug nor a known alias; closest: "
                            + String.join(", ", closestModels(wanted, ""))));
        }
        String provider = wanted.substring(0, slash).toLowerCase(Locale.ROOT);
        String modelId = wanted.substring(slash + 1);
        Optional<CatalogEntry> model = catalog.get(CatalogKeys.model(provider, modelId));
        if (model.isPresent() && model.get().getModel() != null) {
            return new Resolution.Resolved(model.get().getModel(), List.of());
        }
        if (catalog.get(CatalogKeys.provider(provider)).isEmpty()) {
            List<String> providers = catalog.keysWithPrefix(CatalogKeys.PROVIDER_PREFIX).stream()
                    .map(key -> key.substring(CatalogKeys.PROVIDER_PREFIX.length())).toList();
            return Resolution.Rejected.of(ErrorCodes.UNKNOWN_PROVIDER, "unknown provider '" + provider + "' in '" + wanted
                    + "'; closest providers: " + String.join(", ", Suggestions.closest(provider, providers, 3)));
        }
        return Resolution.Rejected.of(ErrorCodes.UNKNOWN_MODEL, "provider " + provider + " has no model '" + modelId
                + "' (model names are case-sensitive); closest: " + String.join(", ", closestModels(wanted, provider + "/")));
    }

    private Resolution checkUsable(ModelSpec model, Capability capability, Optional<AccountProfile> profile) {
        if (!model.getEnabled()) {
            return Resolution.Rejected.of(ErrorCodes.MODEL_DISABLED, "model " + model.getSlug() + " is disabled in the catalog");
        }
        boolean providerEnabled = catalog.get(CatalogKeys.provider(model.getProvider()))
                .map(entry -> entry.getProvider() != null && entry.getProvider().getEnabled()).orElse(false);
        if (!providerEnabled) {
            return Resolution.Rejected.of(ErrorCodes.PROVIDER_DISABLED, "provider " + model.getProvider()
                    + " is disabled; choose a model of another provider");
        }
        List<String> allowed = profile.map(AccountProfile::getAllowedProviders).orElse(List.of());
        if (!allowed.isEmpty() && !allowed.contains(model.getProvider())) {
            return Resolution.Rejected.of(ErrorCodes.PROVIDER_NOT_ALLOWED, "the account may not use provider "
                    + model.getProvider() + "; allowed providers: " + String.join(", ", allowed));
        }
        if (!model.getCapabilities().contains(capability)) {
            return Resolution.Rejected.of(ErrorCodes.CAPABILITY_MISMATCH, "model " + model.getSlug() + " cannot do "
                    + capability + "; it can do " + model.getCapabilities());
        }
        return null;
    }

    /** The request's own chain, else the account's, else the catalog's; canonical, usable, without the model itself. */
    private List<String> fallbackChain(InferenceRequest request, Optional<AccountProfile> profile, ModelSpec model) {
        List<String> wanted = !request.getFallbackModels().isEmpty() ? request.getFallbackModels()
                : profile.map(AccountProfile::getFallbackChain).filter(chain -> !chain.isEmpty())
                        .orElse(model.getFallbacks());
        Set<String> chain = new LinkedHashSet<>();
        for (String name : wanted) {
            if (find(name) instanceof Resolution.Resolved resolved
                    && checkUsable(resolved.model(), request.getInput().getCapability(), profile) == null
                    && !resolved.model().getSlug().equals(model.getSlug())) {
                chain.add(resolved.model().getSlug());
            }
        }
        return new ArrayList<>(chain);
    }

    private List<String> closestModels(String wanted, String providerPrefix) {
        List<String> slugs = catalog.keysWithPrefix(CatalogKeys.MODEL_PREFIX + providerPrefix).stream()
                .map(key -> key.substring(CatalogKeys.MODEL_PREFIX.length())).toList();
        List<String> aliases = providerPrefix.isEmpty() ? catalog.keysWithPrefix(CatalogKeys.ALIAS_PREFIX).stream()
                .map(key -> key.substring(CatalogKeys.ALIAS_PREFIX.length())).toList() : List.of();
        List<String> candidates = new ArrayList<>(slugs);
        candidates.addAll(aliases);
        return Suggestions.closest(wanted, candidates, 3);
    }
}
