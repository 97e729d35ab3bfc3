package io.inferline.schemas.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves the history check on made-up schemas (src/test/resources/schema-check-fixtures): it catches what it must. */
class SchemaHistoryCheckTest {

    private static final Path FIXTURES = Path.of("src/test/resources/schema-check-fixtures");

    private final SchemaHistory widgetHistory = SchemaHistory.load(FIXTURES, "Widget");

    @Test
    void acceptsTheReleasedSchemaItself() {
        assertThat(SchemaHistoryCheck.problems(widgetHistory.newest(), widgetHistory)).isEmpty();
    }

    @Test
    void catchesANewFieldWithoutADefault() {
        assertThat(SchemaHistoryCheck.problems(fixture("widget-new-field-without-default.avsc"), widgetHistory))
                .singleElement().asString()
                .contains("io.inferline.fixture.Widget cannot read data written with released version v1")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("colour")
                .contains("give every new field a default");
    }

    @Test
    void catchesAnIncompatibleTypeChange() {
        assertThat(SchemaHistoryCheck.problems(fixture("widget-narrowed-type.avsc"), widgetHistory))
                .singleElement().asString()
                .contains("cannot read data written with released version v1")
                .contains("TYPE_MISMATCH")
                .contains("/fields/1/type");
    }

    @Test
    void asksToRecordACompatibleChange() {
        assertThat(SchemaHistoryCheck.problems(fixture("widget-new-field-with-default.avsc"), widgetHistory))
                .singleElement().asString()
                .contains("changed since its newest released version v1")
                .contains("record it as v2 with: " + SchemaHistoryCheck.RECORD_COMMAND);
    }

    @Test
    void treatsADefaultAsPartOfTheContractButADocNot() {
        assertThat(SchemaHistoryCheck.problems(fixture("widget-doc-fixed.avsc"), widgetHistory)).isEmpty();
        assertThat(SchemaHistoryCheck.problems(fixture("widget-default-added.avsc"), widgetHistory))
                .singleElement().asString().contains("changed since its newest released version v1");
    }

    @Test
    void checksEveryReleasedVersionNotOnlyTheNewest() {
        SchemaHistory gadgets = SchemaHistory.load(FIXTURES, "Gadget");
        Schema current = fixture("gadget-colour-reused-as-int.avsc");

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, gadgets.newest()).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaHistoryCheck.problems(current, gadgets))
                .singleElement().asString().contains("cannot read data written with released version v1 (");
    }

    @Test
    void asksForAFirstVersionWhenThereIsNoHistory() {
        SchemaHistory none = SchemaHistory.load(FIXTURES, "NoSuchRecord");

        assertThat(SchemaHistoryCheck.problems(widgetHistory.newest(), none))
                .singleElement().asString()
                .contains("has no released version")
                .contains(SchemaHistoryCheck.RECORD_FLAG);
    }

    @Test
    void recordedVersionsAreCheckedLikeAnyOther(@TempDir Path root) throws IOException {
        Path widget = Files.createDirectories(root.resolve("Widget"));
        Files.copy(FIXTURES.resolve("Widget/v1.avsc"), widget.resolve("v1.avsc"));
        Schema next = fixture("widget-new-field-with-default.avsc");

        Path written = SchemaHistory.load(root, "Widget").append(next);
        SchemaHistory history = SchemaHistory.load(root, "Widget");

        assertThat(written.getFileName()).hasToString("v2.avsc");
        assertThat(history.versions()).hasSize(2);
        assertThat(SchemaHistoryCheck.problems(next, history)).isEmpty();
        assertThat(SchemaHistoryCheck.problems(fixture("widget-new-field-without-default.avsc"), history))
                .as("a field without a default breaks v1 and v2 alike").hasSize(2);
    }

    private static Schema fixture(String file) {
        try {
            return new Schema.Parser().parse(FIXTURES.resolve(file).toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
