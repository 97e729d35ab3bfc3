package io.inferline.schemas.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every topic schema stays BACKWARD compatible with every released version: a consumer built with
 * the current classes reads whatever an older producer wrote. Released versions live in
 * {@code src/test/resources/schema-history}. After changing a schema, record it as the next version:
 * {@code ./mvnw -pl schemas test -Dtest=SchemaCompatibilityTest -Dinferline.schema.history.record=true}
 * (it refuses to record an incompatible change).
 */
class SchemaCompatibilityTest {

    static final Path SCHEMA_SOURCES = Path.of("src/main/avro");
    static final Path HISTORY = Path.of("src/test/resources/schema-history");
    private static final boolean RECORD = Boolean.getBoolean("inferline.schema.history.record");

    /**
     * The top-level schemas: topic values (the files directly in src/main/avro) and the apps' own
     * state (src/main/avro/<app>), which also lives in topics (changelogs). Shared named types in
     * common/ are checked through the records that use them.
     */
    static List<Schema> currentTopLevelSchemas() throws IOException {
        List<Schema> schemas = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.walk(SCHEMA_SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".avsc"))
                    .filter(f -> !f.getParent().endsWith("common")).sorted().toList()) {
                JsonNode node = json.readTree(file.toFile());
                String className = node.get("namespace").asText() + "." + node.get("name").asText();
                schemas.add(SpecificData.get().getSchema(SpecificData.get().getClass(
                        Schema.createRecord(node.get("name").asText(), null, node.get("namespace").asText(), false))));
                assertThat(schemas.get(schemas.size() - 1).getFullName()).isEqualTo(className);
            }
        }
        return schemas;
    }

    @TestFactory
    Stream<DynamicTest> everyTopicSchemaReadsEveryReleasedVersion() throws IOException {
        return currentTopLevelSchemas().stream().map(current -> DynamicTest.dynamicTest(current.getName(), () -> {
            SchemaHistory history = SchemaHistory.load(HISTORY, current.getName());
            if (RECORD && (history.versions().isEmpty() || !sameForm(history.newest(), current))) {
                assertReadsAll(current, history);
                history.append(current);
                history = SchemaHistory.load(HISTORY, current.getName());
            }
            assertThat(history.versions())
                    .as("%s has no released version in %s; record it with -Dinferline.schema.history.record=true",
                            current.getName(), history.directory())
                    .isNotEmpty();
            assertReadsAll(current, history);
            assertThat(sameForm(history.newest(), current))
                    .as("%s changed since its newest released version in %s: if the change is intended, record it"
                            + " with -Dinferline.schema.history.record=true so later changes are checked against it",
                            current.getName(), history.directory())
                    .isTrue();
        }));
    }

    private static void assertReadsAll(Schema current, SchemaHistory history) {
        for (int i = 0; i < history.versions().size(); i++) {
            SchemaCompatibility.SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(current, history.versions().get(i));
            assertThat(result.getType())
                    .as("%s cannot read data written with released version v%d: %s. Give new fields a default,"
                            + " never remove a field without a default, never change a type incompatibly.",
                            current.getName(), i + 1, result.getResult().getIncompatibilities())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    private static boolean sameForm(Schema a, Schema b) {
        return SchemaNormalization.toParsingForm(a).equals(SchemaNormalization.toParsingForm(b));
    }

    @Test
    void theCheckCatchesANewFieldWithoutADefault() {
        Schema released = parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
        Schema breaking = parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                + "{\"name\":\"b\",\"type\":\"long\"}]}");
        Schema compatible = parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                + "{\"name\":\"b\",\"type\":\"long\",\"default\":0}]}");

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(breaking, released).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(compatible, released).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void theCheckCatchesARemovedEnumSymbolWithoutDefault() {
        Schema released = parse("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\"]}");
        Schema breaking = parse("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\"]}");

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(breaking, released).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
