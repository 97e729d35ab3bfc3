package io.inferline.schemas.serde;

import java.io.EOFException;
import java.io.IOException;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Reads the Avro payloads written with one writer schema id into a generated class, resolving the
 * writer schema onto the class's schema. Built once per id; thread-safe.
 */
final class WriterSchemaReader<T> {

    private static final ThreadLocal<BinaryDecoder> DECODER = new ThreadLocal<>();

    private final int id;
    private final Schema writer;
    private final Schema reader;
    private final DatumReader<T> datumReader;

    WriterSchemaReader(int id, Schema writer, Class<?> type) {
        // the generated class's own model knows its logical-type conversions (timestamp-millis as Instant)
        SpecificData model = SpecificData.getForClass(type);
        this.id = id;
        this.writer = writer;
        this.reader = model.getSchema(type);
        this.datumReader = new SpecificDatumReader<>(writer, reader, model);
    }

    /** The record in {@code bytes[offset, offset + length)}, which must hold exactly one datum. */
    T read(String topic, byte[] bytes, int offset, int length) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, offset, length, DECODER.get());
        DECODER.set(decoder);
        T value;
        int leftOver;
        try {
            value = datumReader.read(null, decoder);
            leftOver = decoder.isEnd() ? 0 : decoder.inputStream().available();
        } catch (EOFException e) {
            throw new AvroSerdeException.InvalidWireFormat(topic, id, "payload of " + length + " bytes ends before the "
                    + writer.getFullName() + " record does: truncated", e);
        } catch (IOException | RuntimeException e) {
            throw unreadable(topic, length, e);
        }
        if (leftOver > 0) {
            // Confluent's serializer writes exactly one datum: extra bytes mean the id does not match the data
            throw new AvroSerdeException.InvalidWireFormat(topic, id, leftOver + " of " + length + " payload bytes are"
                    + " left over after the " + writer.getFullName() + " record: not written with this schema id", null);
        }
        return value;
    }

    private AvroSerdeException unreadable(String topic, int length, Exception e) {
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (compatibility.getType() == SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE) {
            String why = compatibility.getResult().getIncompatibilities().stream().limit(3)
                    .map(i -> i.getMessage() + " at " + i.getLocation())
                    .collect(Collectors.joining("; "));
            return new AvroSerdeException.IncompatibleSchema(topic, id, "writer schema " + writer.getFullName()
                    + " cannot be read as " + reader.getFullName() + ": " + why, e);
        }
        return new AvroSerdeException.InvalidWireFormat(topic, id, "payload of " + length + " bytes is not valid Avro"
                + " of " + writer.getFullName() + ": " + e, e);
    }
}
