package io.inferline.schemas.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The conventions that keep the contract evolvable and unambiguous, checked on every record and
 * enum the .avsc files declare.
 */
class SchemaConventionsTest {

    private static final Set<String> OTHER_TIME_FIELDS = Set.of("at", "deadline", "not_before", "window_start", "window_end", "day_start", "month_start");

    @Test
    void everyEnumHasADefaultSymbol() {
        List<String> wrong = AvroSources.everyNamedType().stream()
                .filter(s -> s.getType() == Schema.Type.ENUM && s.getEnumDefault() == null)
                .map(Schema::getFullName).toList();

        assertThat(wrong).as("enums without a \"default\" symbol (add UNKNOWN first and \"default\": \"UNKNOWN\","
                + " so readers built before a new symbol still read records that carry it)").isEmpty();
    }

    @Test
    void optionalFieldsAreNullFirstWithANullDefault() {
        List<String> wrong = fieldsWhere((field, schema) -> isOptional(schema)
                && (schema.getTypes().get(0).getType() != Schema.Type.NULL
                        || field.defaultVal() != JsonProperties.NULL_VALUE));

        assertThat(wrong).as("optional fields must be [\"null\", T] with \"default\": null").isEmpty();
    }

    @Test
    void timesAreTimestampMillis() {
        List<String> wrong = fieldsWhere((field, schema) -> isTimeField(field.name())
                && !(nonNull(schema).getLogicalType() instanceof LogicalTypes.TimestampMillis));

        assertThat(wrong).as("time fields (named *_at, at, deadline, not_before, window_start, window_end, day_start, month_start) must be"
                + " {\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}").isEmpty();
    }

    @Test
    void moneyIsLongMicroCredits() {
        List<String> wrong = fieldsWhere((field, schema) -> isMoneyField(field.name())
                && nonNull(schema).getType() != Schema.Type.LONG);

        assertThat(wrong).as("money fields (named *_micros, per_* or *_per_mtok) must be long micro-credits").isEmpty();
    }

    private static boolean isOptional(Schema schema) {
        return schema.getType() == Schema.Type.UNION
                && schema.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
    }

    private static boolean isTimeField(String name) {
        return name.endsWith("_at") || OTHER_TIME_FIELDS.contains(name);
    }

    private static boolean isMoneyField(String name) {
        return name.endsWith("_micros") || name.startsWith("per_") || name.endsWith("_per_mtok");
    }

    /** "record.field" of every field of every declared record for which {@code bad} holds. */
    private static List<String> fieldsWhere(FieldRule bad) {
        List<String> out = new ArrayList<>();
        for (Schema record : AvroSources.everyNamedType()) {
            if (record.getType() != Schema.Type.RECORD) {
                continue;
            }
            for (Schema.Field field : record.getFields()) {
                if (bad.test(field, field.schema())) {
                    out.add(record.getFullName() + "." + field.name());
                }
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface FieldRule {
        boolean test(Schema.Field field, Schema schema);
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElse(schema);
    }
}
