package io.inferline.schemas.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every top-level schema stays BACKWARD compatible with every released version: a consumer built
 * with the current classes reads whatever an older producer wrote. Released versions live in
 * {@code src/test/resources/schema-history/<RecordName>/v<N>.avsc}. After changing a schema, record
 * it as the next version:
 * {@code ./mvnw -pl schemas test -Dtest=SchemaCompatibilityTest -Dinferline.schema.history.record=true}
 * (it refuses to record an incompatible change). The rules are in {@link SchemaHistoryCheck}.
 */
class SchemaCompatibilityTest {

    static final Path SCHEMA_SOURCES = Path.of("src/main/avro");
    static final Path HISTORY = Path.of("src/test/resources/schema-history");
    private static final boolean RECORD = Boolean.getBoolean("inferline.schema.history.record");

    /**
     * The top-level schemas, as compiled into the generated classes: topic values (the files
     * directly in src/main/avro) and the apps' own state (src/main/avro/<app>), which also lives in
     * topics (changelogs). Shared named types in common/ are checked through the records that use them.
     */
    static List<Schema> currentTopLevelSchemas() throws IOException {
        List<Schema> schemas = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Path file : topLevelFiles()) {
            JsonNode node = json.readTree(file.toFile());
            String name = node.get("name").asText();
            String namespace = node.get("namespace").asText();
            Class<?> generated = SpecificData.get().getClass(Schema.createRecord(name, null, namespace, false));
            assertThat(generated).as("generated class of %s (declared in %s)", namespace + "." + name, file).isNotNull();
            schemas.add(SpecificData.get().getSchema(generated));
        }
        return schemas;
    }

    static List<Path> topLevelFiles() throws IOException {
        try (Stream<Path> files = Files.walk(SCHEMA_SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".avsc"))
                    .filter(f -> !f.getParent().endsWith("common")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyTopLevelSchemaReadsEveryReleasedVersion() throws IOException {
        return currentTopLevelSchemas().stream().map(current -> DynamicTest.dynamicTest(current.getName(), () -> {
            SchemaHistory history = SchemaHistory.load(HISTORY, current.getName());
            if (RECORD) {
                history = record(current, history);
            }
            assertThat(SchemaHistoryCheck.problems(current, history)).as("schema history of %s", current.getName())
                    .isEmpty();
        }));
    }

    /** Appends {@code current} as the next version, unless it is unchanged or cannot read the older ones. */
    private static SchemaHistory record(Schema current, SchemaHistory history) throws IOException {
        boolean unchanged = !history.versions().isEmpty() && SchemaHistoryCheck.sameContract(history.newest(), current);
        if (unchanged || !SchemaHistoryCheck.unreadableVersions(current, history).isEmpty()) {
            return history;
        }
        history.append(current);
        return SchemaHistory.load(HISTORY, current.getName());
    }

    @Test
    void everyHistoryBelongsToACurrentSchema() throws IOException {
        Set<String> current = currentTopLevelSchemas().stream().map(Schema::getName).collect(Collectors.toSet());
        List<String> histories;
        try (Stream<Path> dirs = Files.list(HISTORY)) {
            histories = dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        }

        assertThat(histories)
                .as("history directories in %s without a schema in %s: a schema was removed or renamed, so readers"
                        + " of its topic lose their contract. Restore it (rename = new record and topic, keep the"
                        + " old one until its data is gone), or delete the history only together with its topic",
                        HISTORY, SCHEMA_SOURCES)
                .allMatch(current::contains);
    }

    @Test
    void recordNamesAreUniqueAcrossNamespaces() throws IOException {
        // the history is keyed by simple name, so two records may not share one
        List<String> names = currentTopLevelSchemas().stream().map(Schema::getName).toList();

        assertThat(names).doesNotHaveDuplicates();
    }

    @Test
    void theTestsSeeTheMainContractClasses() {
        // a stale copy of a contract class among the test classes would be checked instead of the real one
        List<String> shadowed = AvroSources.everyNamedType().stream()
                .map(schema -> SpecificData.get().getClass(schema))
                .filter(type -> type.getProtectionDomain().getCodeSource().getLocation().toString().contains("test-classes"))
                .map(Class::getName).toList();

        assertThat(shadowed).as("contract classes loaded from the test output; generate them only from src/main/avro"
                + " (see the avro-maven-plugin executions in schemas/pom.xml) and run mvn clean once").isEmpty();
    }
}
