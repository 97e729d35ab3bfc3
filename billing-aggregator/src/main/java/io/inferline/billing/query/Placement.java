package io.inferline.billing.query;

import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/** Where an account's state lives among the running instances, so a query reaches the one that owns it. */
public interface Placement {

    /** Where an account's balance and usage are. */
    sealed interface Owner {
    }

    /** This instance owns the account, in {@code partition}. */
    record Local(int partition) implements Owner {
    }

    /** Another instance owns it. */
    record Remote(HostInfo host) implements Owner {
    }

    /** Nobody can answer now (starting, rebalancing); try again shortly. */
    record Unavailable(String reason) implements Owner {
    }

    Owner ownerOf(String account);

    /** Whether every partition is assigned and running here, so local answers are whole; else why not. */
    java.util.Optional<String> notReady();

    /** This instance's address, as the others know it. */
    HostInfo self();

    /** Every instance of the application, this one included, in a fixed order. */
    List<HostInfo> instances();
}
