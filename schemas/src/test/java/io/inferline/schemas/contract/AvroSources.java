package io.inferline.schemas.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/** The .avsc sources of the contract, as JSON and as the schemas compiled into the generated classes. */
final class AvroSources {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AvroSources() {
    }

    /** Every .avsc file under src/main/avro, shared types included. */
    static List<Path> allFiles() {
        try (Stream<Path> files = Files.walk(SchemaCompatibilityTest.SCHEMA_SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The compiled schema of every record and enum declared in any .avsc file, reachable or not. */
    static List<Schema> everyNamedType() {
        Set<String> names = new LinkedHashSet<>();
        for (Path file : allFiles()) {
            collectNames(json(file), null, names);
        }
        List<Schema> schemas = new ArrayList<>();
        for (String fullName : names) {
            int dot = fullName.lastIndexOf('.');
            Class<?> generated = SpecificData.get().getClass(
                    Schema.createRecord(fullName.substring(dot + 1), null, fullName.substring(0, dot), false));
            if (generated == null) {
                throw new IllegalStateException("no generated class for " + fullName);
            }
            schemas.add(SpecificData.get().getSchema(generated));
        }
        return schemas;
    }

    /** Full names of the named types declared in {@code node}; nested types inherit the enclosing namespace. */
    private static void collectNames(JsonNode node, String namespace, Set<String> out) {
        if (node.isArray()) {
            node.forEach(element -> collectNames(element, namespace, out));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        String type = node.path("type").asText("");
        String ns = node.path("namespace").asText(namespace);
        if (type.equals("record") || type.equals("enum") || type.equals("fixed")) {
            String name = node.path("name").asText();
            if (name.contains(".")) {
                out.add(name);
                ns = name.substring(0, name.lastIndexOf('.'));
            } else {
                out.add(ns + "." + name);
            }
        }
        for (JsonNode child : node) {
            collectNames(child, ns, out);
        }
    }
}
