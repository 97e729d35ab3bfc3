package io.inferline.simulators;

import java.util.function.Supplier;

/** What a simulated provider makes of a request: a rejection, or the model it addressed and its success answer. */
public sealed interface Handling {

    /** Refused, as the real API would (400, 404, ...): answered at once, without injected faults. */
    record Rejected(SimResponse response) implements Handling {
    }

    /**
     * Valid for a known model; the simulator decides from that model's faults whether the success answer is sent.
     * The answer is made only then, so an answer with a side effect (creating a task) has it only when it is sent.
     */
    record Accepted(String model, Supplier<SimResponse> answer) implements Handling {

        public SimResponse success() {
            return answer.get();
        }
    }

    static Handling reject(SimResponse response) {
        return new Rejected(response);
    }

    static Handling accept(String model, SimResponse success) {
        return new Accepted(model, () -> success);
    }

    /** Accepted, with an answer made only if no fault replaces it (e.g. a create call that starts a task). */
    static Handling acceptLazily(String model, Supplier<SimResponse> answer) {
        return new Accepted(model, answer);
    }
}
