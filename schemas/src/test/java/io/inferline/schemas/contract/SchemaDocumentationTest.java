package io.inferline.schemas.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The schemas are the product's contract for clients in any language: every record, enum and field says what it is. */
class SchemaDocumentationTest {

    @Test
    void everyNamedTypeAndFieldInEveryAvscFileHasADoc() {
        List<String> undocumented = new ArrayList<>();
        for (Path file : AvroSources.allFiles()) {
            collectUndocumented(AvroSources.json(file), file.getFileName() + ":", undocumented);
        }

        assertThat(undocumented).as("records, enums and fields without a non-empty \"doc\" (add one saying what it"
                + " is, its unit, and what absent means)").isEmpty();
    }

    @Test
    void theCompiledSchemasKeepTheDocs() {
        // what clients read from the registry is the compiled schema, so its docs must survive generation
        List<String> undocumented = new ArrayList<>();
        for (Schema schema : AvroSources.everyNamedType()) {
            if (isBlank(schema.getDoc())) {
                undocumented.add(schema.getFullName());
            }
            if (schema.getType() == Schema.Type.RECORD) {
                schema.getFields().stream().filter(f -> isBlank(f.doc()))
                        .forEach(f -> undocumented.add(schema.getFullName() + "." + f.name()));
            }
        }

        assertThat(undocumented).isEmpty();
    }

    @Test
    void theCheckFindsMissingDocsInNestedTypes() throws Exception {
        JsonNode made = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"type": "record", "name": "Outer", "doc": "Documented.", "fields": [
                  {"name": "a", "type": "string", "doc": "Documented."},
                  {"name": "b", "type": ["null", {"type": "record", "name": "Inner", "fields": [
                    {"name": "c", "type": "int", "doc": " "}]}], "default": null},
                  {"name": "d", "type": {"type": "array", "items": {"type": "enum", "name": "Kind", "symbols": ["X"]}},
                   "doc": "Documented."}
                ]}""");
        List<String> undocumented = new ArrayList<>();

        collectUndocumented(made, "made.avsc:", undocumented);

        assertThat(undocumented).containsExactly("made.avsc: Outer.b", "made.avsc: Outer.b Inner",
                "made.avsc: Outer.b Inner.c", "made.avsc: Outer.d Kind");
    }

    private static void collectUndocumented(JsonNode node, String path, List<String> out) {
        if (node.isArray()) {
            node.forEach(element -> collectUndocumented(element, path, out));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        String type = node.path("type").asText("");
        String here = path;
        if (type.equals("record") || type.equals("enum") || type.equals("fixed")) {
            here = path + " " + node.path("name").asText();
            if (isBlank(node.path("doc").asText(null))) {
                out.add(here);
            }
        }
        for (JsonNode field : node.path("fields")) {
            String fieldPath = here + "." + field.path("name").asText();
            if (isBlank(field.path("doc").asText(null))) {
                out.add(fieldPath);
            }
            collectUndocumented(field.path("type"), fieldPath, out);
        }
        for (String nested : List.of("items", "values")) {
            collectUndocumented(node.path(nested), here, out);
        }
        if (type.isEmpty() || node.path("type").isContainerNode()) {
            collectUndocumented(node.path("type"), here, out);
        }
    }

    private static boolean isBlank(String doc) {
        return doc == null || doc.isBlank();
    }
}
