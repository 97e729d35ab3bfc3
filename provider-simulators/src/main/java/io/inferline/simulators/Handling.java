package io.inferline.simulators;

/** What a simulated provider makes of a request: a rejection, or the model it addressed and its success answer. */
public sealed interface Handling {

    /** Refused, as the real API would (400, 404, ...): answered at once, without injected faults. */
    record Rejected(SimResponse response) implements Handling {
    }

    /** Valid for a known model; the simulator decides from that model's faults whether {@code success} is sent. */
    record Accepted(String model, SimResponse success) implements Handling {
    }

    static Handling reject(SimResponse response) {
        return new Rejected(response);
    }

    static Handling accept(String model, SimResponse success) {
        return new Accepted(model, success);
    }
}
