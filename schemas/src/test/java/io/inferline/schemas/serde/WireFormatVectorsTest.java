package io.inferline.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.test.serde.Greeting;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The bytes are exactly what Confluent's KafkaAvroSerializer writes for the same schema id and record. */
class WireFormatVectorsTest {

    private final SpecificAvroSerializer<Greeting> serializer = new SpecificAvroSerializer<>(new CountingRegistry(42), true);

    @Test
    void writesMagicByteBigEndianIdAndAvroBinary() {
        Greeting greeting = Greeting.newBuilder().setName("hi").setCount(3).setNote(null)
                .setAt(Instant.ofEpochMilli(1000)).build();

        byte[] bytes = serializer.serialize("greetings", greeting);

        // 00          magic byte
        // 0000002a    schema id 42, 4 bytes big-endian
        // 04 6869     name: length 2 as zig-zag varint (4), then UTF-8 "hi"
        // 06          count: 3 as zig-zag varint
        // 00          note: union branch 0 (null), no payload
        // d00f        at: 1000 ms as zig-zag varint (2000 = 0x7d0 -> 0xd0 0x0f)
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("000000002a" + "046869" + "06" + "00" + "d00f");
    }

    @Test
    void writesTheNonNullUnionBranchWithItsIndex() {
        Greeting greeting = Greeting.newBuilder().setName("").setCount(-1).setNote("x")
                .setAt(Instant.ofEpochMilli(0)).build();

        byte[] bytes = serializer.serialize("greetings", greeting);

        // 00 0000002a header; 00 empty name; 01 count -1 (zig-zag 1); 02 78 union branch 1 then... see below
        // note: branch index 1 -> 02, then string length 1 -> 02, "x" -> 78; at: 0 -> 00
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("000000002a" + "00" + "01" + "02" + "0278" + "00");
    }

    @Test
    void largeSchemaIdsUseAllFourBytes() {
        SpecificAvroSerializer<Greeting> big = new SpecificAvroSerializer<>(new CountingRegistry(0x01020304), true);
        Greeting greeting = Greeting.newBuilder().setName("a").setCount(0).setAt(Instant.EPOCH).build();

        assertThat(HexFormat.of().formatHex(big.serialize("t", greeting))).startsWith("0001020304");
    }
}
