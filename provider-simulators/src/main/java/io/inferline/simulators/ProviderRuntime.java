package io.inferline.simulators;

import java.util.Random;

/** A served provider with its mutable state: faults, counters and its own seeded random source. */
record ProviderRuntime(SimulatedProvider provider, FaultPlan plan, StatsRecorder stats, Random random) {
}
