package io.inferline.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.test.serde.Greeting;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The bytes are exactly what Confluent's KafkaAvroSerializer writes for the same schema id and record:
 * fixed vectors derived by hand from the Avro binary spec, checked both ways.
 *
 * <p>Greeting is {@code name: string, count: int, note: ["null","string"], at: long (timestamp-millis)},
 * written in field order. Avro ints and longs are zig-zag varints: {@code n >= 0 -> 2n},
 * {@code n < 0 -> -2n - 1}, then 7 bits per byte, low group first, high bit set on all but the last.
 * A string is its UTF-8 byte length (a long) then the bytes; a union is the branch index (a long) then
 * the branch's value.
 */
class WireFormatVectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    private static String serialize(int schemaId, Greeting greeting) {
        SpecificAvroSerializer<Greeting> serializer = new SpecificAvroSerializer<>(new CountingRegistry(schemaId), true);
        return HEX.formatHex(serializer.serialize("greetings", greeting));
    }

    private static Greeting deserialize(int schemaId, String hex) {
        CountingRegistry registry = new CountingRegistry(schemaId);
        registry.register("greetings-value", Greeting.getClassSchema());
        return new SpecificAvroDeserializer<>(Greeting.class, registry).deserialize("greetings", HEX.parseHex(hex));
    }

    @Test
    void nullUnionBranchAndSmallNumbers() {
        Greeting greeting = Greeting.newBuilder().setName("hi").setCount(3).setNote(null)
                .setAt(Instant.ofEpochMilli(1000)).build();
        String expected = "00"       // magic byte
                + "0000002a"         // schema id 42, 4 bytes big-endian
                + "04" + "6869"      // name: length 2 -> zig-zag 4; UTF-8 "hi"
                + "06"               // count: 3 -> zig-zag 6
                + "00"               // note: union branch 0 (null), no value follows
                + "d00f";            // at: 1000 -> zig-zag 2000 = 0b1111_1010000: low 7 bits 0x50 | 0x80 = d0, then 15 = 0f

        assertThat(serialize(42, greeting)).isEqualTo(expected);
        assertThat(deserialize(42, expected)).isEqualTo(greeting);
    }

    @Test
    void stringUnionBranchEmptyStringAndNegativeInt() {
        Greeting greeting = Greeting.newBuilder().setName("").setCount(-1).setNote("x")
                .setAt(Instant.ofEpochMilli(0)).build();
        String expected = "00" + "0000002a"
                + "00"               // name: length 0, no bytes
                + "01"               // count: -1 -> zig-zag 1
                + "02" + "02" + "78" // note: union branch 1 -> 02; string length 1 -> 02; "x" = 78
                + "00";              // at: 0

        assertThat(serialize(42, greeting)).isEqualTo(expected);
        assertThat(deserialize(42, expected)).isEqualTo(greeting);
    }

    @Test
    void multiByteVarintsUtf8AndALargeSchemaId() {
        Greeting greeting = Greeting.newBuilder().setName("Grüße").setCount(300).setNote("ok")
                .setAt(Instant.ofEpochMilli(1_700_000_000_000L)).build();
        String expected = "00"
                + "000f4240"         // schema id 1,000,000 = 0x000f4240
                + "0e"               // name: 7 UTF-8 bytes -> zig-zag 14
                + "4772c3bcc39f65"   // G r ü(c3 bc) ß(c3 9f) e
                + "d804"             // count: 300 -> zig-zag 600 = 0x258: low 7 bits 0x58 | 0x80 = d8, then 600 >> 7 = 04
                + "02" + "04" + "6f6b" // note: branch 1; length 2 -> 04; "ok"
                // at: 1,700,000,000,000 -> zig-zag 3,400,000,000,000 = 0x317_9fca_d000; 7-bit groups from the
                // low end: 00 20 2b 7e 79 62; all but the last get the 0x80 continuation bit
                + "80a0abfef962";

        assertThat(serialize(1_000_000, greeting)).isEqualTo(expected);
        assertThat(deserialize(1_000_000, expected)).isEqualTo(greeting);
    }

    @Test
    void theIdUsesAllFourBytesBigEndian() {
        Greeting greeting = Greeting.newBuilder().setName("a").setCount(0).setAt(Instant.EPOCH).build();

        assertThat(serialize(0x01020304, greeting)).startsWith("00" + "01020304");
        assertThat(serialize(Integer.MAX_VALUE, greeting)).startsWith("00" + "7fffffff");
    }
}
