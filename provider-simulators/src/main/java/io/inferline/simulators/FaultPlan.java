package io.inferline.simulators;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** The faults of one provider: a default, and whole-value overrides per model. Safe to change while serving. */
final class FaultPlan {

    private volatile Faults provider = Faults.none();
    private final ConcurrentHashMap<String, Faults> byModel = new ConcurrentHashMap<>();

    void set(Faults faults) {
        provider = Objects.requireNonNull(faults, "faults");
    }

    void set(String model, Faults faults) {
        if (faults == null) {
            byModel.remove(model);
        } else {
            byModel.put(model, faults);
        }
    }

    void clear() {
        provider = Faults.none();
        byModel.clear();
    }

    /** A model's override replaces the provider's faults entirely (they are not merged). */
    Faults forModel(String model) {
        Faults override = byModel.get(model);
        return override != null ? override : provider;
    }
}
