package io.inferline.schemas.contract;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;

/**
 * The rules a top-level schema obeys against its released versions, as messages that tell the
 * developer what to do. Kept apart from the JUnit test so the rules themselves can be tested on
 * made-up schemas.
 */
final class SchemaHistoryCheck {

    static final String RECORD_FLAG = "-Dinferline.schema.history.record=true";
    static final String RECORD_COMMAND =
            "./mvnw -pl schemas test -Dtest=SchemaCompatibilityTest " + RECORD_FLAG;

    private SchemaHistoryCheck() {
    }

    /** Everything wrong with {@code current} against {@code history}; empty when it conforms. */
    static List<String> problems(Schema current, SchemaHistory history) {
        List<String> problems = new ArrayList<>();
        if (history.versions().isEmpty()) {
            problems.add(current.getFullName() + " has no released version in " + history.directory()
                    + ". Record its first version with: " + RECORD_COMMAND);
            return problems;
        }
        problems.addAll(unreadableVersions(current, history));
        if (problems.isEmpty() && !sameContract(history.newest(), current)) {
            problems.add(current.getFullName() + " changed since its newest released version v"
                    + history.versions().size() + " in " + history.directory() + ". If the change is intended,"
                    + " record it as v" + (history.versions().size() + 1) + " with: " + RECORD_COMMAND
                    + " (commit the new file with the change; later changes are checked against it).");
        }
        return problems;
    }

    /** BACKWARD: the current schema, as reader, must read what every released version wrote. */
    static List<String> unreadableVersions(Schema current, SchemaHistory history) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < history.versions().size(); i++) {
            SchemaCompatibility.SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(current, history.versions().get(i));
            if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                problems.add(current.getFullName() + " cannot read data written with released version v" + (i + 1)
                        + " (" + history.directory().resolve("v" + (i + 1) + ".avsc") + "): "
                        + describe(result.getResult()) + ". Records of that version are still in topics and"
                        + " changelogs, so keep the change BACKWARD compatible: give every new field a default,"
                        + " remove only fields that had a default, add enum symbols only (enums have a default"
                        + " symbol), and change a field's type only by Avro promotion (e.g. int to long)."
                        + " A truly breaking change needs a new"
                        + " record name and a new topic, not an edit.");
            }
        }
        return problems;
    }

    /**
     * Whether two versions are the same contract. Parsing Canonical Form decides what a reader
     * parses; defaults and logical types are compared too, because they change what a reader sees.
     * Docs are not: fixing a doc needs no new version.
     */
    static boolean sameContract(Schema a, Schema b) {
        return SchemaNormalization.toParsingForm(a).equals(SchemaNormalization.toParsingForm(b)) && a.equals(b);
    }

    private static String describe(SchemaCompatibility.SchemaCompatibilityResult result) {
        return result.getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                .reduce((x, y) -> x + "; " + y).orElse(result.getCompatibility().toString());
    }
}
