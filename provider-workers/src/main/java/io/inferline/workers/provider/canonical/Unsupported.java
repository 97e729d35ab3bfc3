package io.inferline.workers.provider.canonical;

import io.inferline.avro.Capability;
import io.inferline.workers.provider.UnsupportedRequestException;

/** The refusals adapters share, worded the same way for every provider. */
public final class Unsupported {

    private Unsupported() {
    }

    public static UnsupportedRequestException because(String message) {
        return new UnsupportedRequestException(message);
    }

    /** A capability the adapter does not express, e.g. {@code anthropic does not support capability EMBEDDING}. */
    public static UnsupportedRequestException capability(String provider, Capability capability, String supported) {
        return new UnsupportedRequestException(provider + " does not support capability " + capability
                + " in this adapter (supported: " + supported + ")");
    }

    /** An option the provider's API has no field for. */
    public static UnsupportedRequestException option(String where, String option) {
        return new UnsupportedRequestException(where + " cannot express option " + option);
    }
}
