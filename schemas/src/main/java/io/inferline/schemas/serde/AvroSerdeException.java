package io.inferline.schemas.serde;

import java.util.OptionalInt;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record could not be serialized or deserialized. The message names the topic, the schema id
 * where known, and the cause. Subclasses tell the failures apart without reading messages; the base
 * class covers the rest (a record Avro cannot encode, a registry answer this serde cannot use).
 */
public class AvroSerdeException extends SerializationException {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final Integer schemaId;

    public AvroSerdeException(String topic, Integer schemaId, String problem, Throwable cause) {
        super(describe(topic, schemaId, problem), cause);
        this.topic = topic;
        this.schemaId = schemaId;
    }

    private static String describe(String topic, Integer schemaId, String problem) {
        return "topic " + topic + (schemaId == null ? "" : ", schema id " + schemaId) + ": " + problem;
    }

    public String topic() {
        return topic;
    }

    public OptionalInt schemaId() {
        return schemaId == null ? OptionalInt.empty() : OptionalInt.of(schemaId);
    }

    /** The bytes are not the Confluent wire format: no magic byte, too short, truncated, or not Avro for the schema. */
    public static class InvalidWireFormat extends AvroSerdeException {
        private static final long serialVersionUID = 1L;

        public InvalidWireFormat(String topic, Integer schemaId, String problem, Throwable cause) {
            super(topic, schemaId, problem, cause);
        }
    }

    /** The registry does not know the schema id the bytes carry. */
    public static class UnknownSchemaId extends AvroSerdeException {
        private static final long serialVersionUID = 1L;

        public UnknownSchemaId(String topic, int schemaId, Throwable cause) {
            super(topic, schemaId, "the schema registry has no schema with this id: "
                    + (cause == null ? "not found" : cause.getMessage()), cause);
        }
    }

    /** The writer schema of the bytes cannot be read as the reader's type (schema resolution fails). */
    public static class IncompatibleSchema extends AvroSerdeException {
        private static final long serialVersionUID = 1L;

        public IncompatibleSchema(String topic, int schemaId, String problem, Throwable cause) {
            super(topic, schemaId, problem, cause);
        }
    }

    /** The registry could not be reached or kept failing. */
    public static class RegistryUnavailable extends AvroSerdeException {
        private static final long serialVersionUID = 1L;

        public RegistryUnavailable(String topic, Integer schemaId, Throwable cause) {
            super(topic, schemaId, "schema registry unavailable: " + cause.getMessage(), cause);
        }
    }

    /** The registry refused a request (e.g. an incompatible schema, an unregistered one, bad credentials). */
    public static class RegistryRejected extends AvroSerdeException {
        private static final long serialVersionUID = 1L;

        public RegistryRejected(String topic, Integer schemaId, Throwable cause) {
            super(topic, schemaId, cause.getMessage(), cause);
        }
    }
}
