package io.inferline.schemas.serde;

import java.io.ByteArrayOutputStream;

/**
 * The Confluent wire format: magic byte {@code 0}, the schema id as a 4-byte big-endian int, then
 * the Avro binary encoding of the datum.
 */
final class WireFormat {
    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** The topic-name strategy: {@code <topic>-key} or {@code <topic>-value}. */
    static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    static void writeHeader(ByteArrayOutputStream out, int schemaId) {
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
    }

    static int readSchemaId(byte[] bytes) {
        return readSchemaId(bytes, 0);
    }

    /** The id of the record whose magic byte is at {@code offset}. */
    static int readSchemaId(byte[] bytes, int offset) {
        return ((bytes[offset + 1] & 0xff) << 24) | ((bytes[offset + 2] & 0xff) << 16)
                | ((bytes[offset + 3] & 0xff) << 8) | (bytes[offset + 4] & 0xff);
    }
}
