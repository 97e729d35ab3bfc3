package io.inferline.simulators.mistral;

import java.util.List;

/**
 * A body the API's schema refuses: answered 422 with one {@code detail} entry, as the real validator does
 * ({@code type} such as {@code extra_forbidden} or {@code missing}, {@code loc} from {@code body} down).
 */
final class Unprocessable extends RuntimeException {

    private final String type;
    private final List<Object> loc;

    Unprocessable(String type, List<Object> loc, String message) {
        super(message, null, false, false);
        this.type = type;
        this.loc = List.copyOf(loc);
    }

    String type() {
        return type;
    }

    List<Object> loc() {
        return loc;
    }
}
