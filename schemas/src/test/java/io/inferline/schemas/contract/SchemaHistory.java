package io.inferline.schemas.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * The released versions of one top-level schema, kept as {@code schema-history/<Name>/v<N>.avsc}
 * (each file self-contained, as the registry stores it).
 */
record SchemaHistory(String name, Path directory, List<Schema> versions) {

    private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)\\.avsc");

    static SchemaHistory load(Path root, String name) {
        Path directory = root.resolve(name);
        if (!Files.isDirectory(directory)) {
            return new SchemaHistory(name, directory, List.of());
        }
        try (Stream<Path> files = Files.list(directory)) {
            List<Schema> versions = files
                    .filter(file -> VERSION_FILE.matcher(file.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(SchemaHistory::versionOf))
                    .map(SchemaHistory::parse)
                    .toList();
            return new SchemaHistory(name, directory, versions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Schema newest() {
        return versions.get(versions.size() - 1);
    }

    /** Writes {@code schema} as the next version. */
    Path append(Schema schema) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("v" + (versions.size() + 1) + ".avsc");
        Files.writeString(file, schema.toString(true) + "\n");
        return file;
    }

    private static int versionOf(Path file) {
        Matcher matcher = VERSION_FILE.matcher(file.getFileName().toString());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(file.toString());
        }
        return Integer.parseInt(matcher.group(1));
    }

    private static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
