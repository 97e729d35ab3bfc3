package io.inferline.schemas.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The schemas are the product's contract for clients in any language: every record, enum and field says what it is. */
class SchemaDocumentationTest {

    @Test
    void everyNamedTypeAndFieldHasADoc() throws Exception {
        List<String> undocumented = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Schema schema : SchemaCompatibilityTest.currentTopLevelSchemas()) {
            collectUndocumented(schema, seen, undocumented);
        }
        assertThat(undocumented).as("types and fields without a doc").isEmpty();
    }

    @Test
    void moneyIsLongMicroCredits() throws Exception {
        List<String> wrong = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Schema schema : SchemaCompatibilityTest.currentTopLevelSchemas()) {
            collectMoneyFields(schema, seen, wrong);
        }
        assertThat(wrong).as("money fields (named *_micros or per_*) that are not long").isEmpty();
    }

    private static void collectUndocumented(Schema schema, Set<String> seen, List<String> out) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                if (isBlank(schema.getDoc())) {
                    out.add(schema.getFullName());
                }
                for (Schema.Field field : schema.getFields()) {
                    if (isBlank(field.doc())) {
                        out.add(schema.getFullName() + "." + field.name());
                    }
                    collectUndocumented(field.schema(), seen, out);
                }
            }
            case ENUM -> {
                if (seen.add(schema.getFullName()) && isBlank(schema.getDoc())) {
                    out.add(schema.getFullName());
                }
            }
            case ARRAY -> collectUndocumented(schema.getElementType(), seen, out);
            case MAP -> collectUndocumented(schema.getValueType(), seen, out);
            case UNION -> schema.getTypes().forEach(branch -> collectUndocumented(branch, seen, out));
            default -> {
            }
        }
    }

    private static void collectMoneyFields(Schema schema, Set<String> seen, List<String> out) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                for (Schema.Field field : schema.getFields()) {
                    boolean money = field.name().endsWith("_micros") || field.name().startsWith("per_")
                            || field.name().endsWith("_per_mtok");
                    if (money && nonNull(field.schema()).getType() != Schema.Type.LONG) {
                        out.add(schema.getFullName() + "." + field.name());
                    }
                    collectMoneyFields(field.schema(), seen, out);
                }
            }
            case ARRAY -> collectMoneyFields(schema.getElementType(), seen, out);
            case MAP -> collectMoneyFields(schema.getValueType(), seen, out);
            case UNION -> schema.getTypes().forEach(branch -> collectMoneyFields(branch, seen, out));
            default -> {
            }
        }
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElse(schema);
    }

    private static boolean isBlank(String doc) {
        return doc == null || doc.isBlank();
    }
}
