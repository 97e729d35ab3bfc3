package io.inferline.router.resolve;

import io.inferline.avro.ErrorInfo;
import io.inferline.avro.ModelSpec;
import java.util.List;

/** The outcome of resolving a request's model: a catalog model with its fallback chain, or why not. */
public sealed interface Resolution {

    record Resolved(ModelSpec model, List<String> fallbackChain) implements Resolution {
    }

    record Rejected(ErrorInfo error) implements Resolution {
        static Rejected of(String code, String message) {
            return new Rejected(ErrorInfo.newBuilder().setCode(code).setMessage(message).setRetryable(false).build());
        }
    }
}
