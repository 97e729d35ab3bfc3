package io.inferline.schemas.serde;

import io.inferline.test.serde.Greeting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** Records and writer schemas for the serde's tests, and wire bytes made without the serializer under test. */
final class TestRecords {

    static final Greeting GREETING = Greeting.newBuilder().setName("ada").setCount(7).setNote("n")
            .setAt(Instant.ofEpochMilli(1_700_000_000_000L)).build();

    private TestRecords() {
    }

    /** A writer schema from {@code src/test/resources/serde/}. */
    static Schema schema(String file) {
        try (InputStream in = TestRecords.class.getResourceAsStream("/serde/" + file)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Magic byte, {@code id}, then {@code record} as Avro binary of its own schema. */
    static byte[] wireBytes(int id, GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WireFormat.writeHeader(out, id);
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
