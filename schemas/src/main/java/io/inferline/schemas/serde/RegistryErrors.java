package io.inferline.schemas.serde;

/** Turns registry failures into serde exceptions that name the topic and the schema id. */
final class RegistryErrors {
    private RegistryErrors() {
    }

    static AvroSerdeException translate(SchemaRegistryException e, String topic, Integer schemaId) {
        if (e instanceof SchemaRegistryException.Unavailable) {
            return new AvroSerdeException.RegistryUnavailable(topic, schemaId, e);
        }
        if (schemaId != null && e instanceof SchemaRegistryException.RequestRejected rejected && rejected.isNotFound()) {
            return new AvroSerdeException.UnknownSchemaId(topic, schemaId, e);
        }
        if (e instanceof SchemaRegistryException.RequestRejected) {
            return new AvroSerdeException.RegistryRejected(topic, schemaId, e);
        }
        return new AvroSerdeException(topic, schemaId, e.getMessage(), e);
    }
}
