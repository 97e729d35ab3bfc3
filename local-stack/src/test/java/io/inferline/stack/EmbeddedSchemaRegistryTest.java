package io.inferline.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the registry is started, without starting it. */
class EmbeddedSchemaRegistryTest {

    @Test
    void runsTheJarOnLoopbackWithASmallHeapAndPool() {
        assertThat(EmbeddedSchemaRegistry.command(Path.of("/x/registry.jar"), 18081)).containsSequence(
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=18081",
                "-Dquarkus.datasource.jdbc.min-size=2", "-Dquarkus.datasource.jdbc.initial-size=2",
                "-jar", Path.of("/x/registry.jar").toString());
    }

    @Test
    void persistsOnlyWhenGivenADirectory() {
        assertThat(EmbeddedSchemaRegistry.environment(Optional.empty())).isEmpty();
        assertThat(EmbeddedSchemaRegistry.environment(Optional.of(Path.of("/data/stack/registry"))))
                .containsExactly(Map.entry("REGISTRY_DATASOURCE_URL", "jdbc:h2:file:" + Path.of("/data/stack/registry/registry")));
    }

    /** That mode serves schemas with their fields sorted by name: readers then decode garbage. */
    @Test
    void neverUsesTheCanonicalHashMode() {
        assertThat(EmbeddedSchemaRegistry.environment(Optional.empty())).doesNotContainKey("ENABLE_CCOMPAT_CANONICAL_HASH_MODE");
    }

    @Test
    void aMissingJarNamesThePropertyAndTheBuildCommand() {
        assertThatThrownBy(() -> EmbeddedSchemaRegistry.requireBuilt(Path.of("no-such-dir", "registry.jar")))
                .hasMessageContaining("no-such-dir")
                .hasMessageContaining(EmbeddedSchemaRegistry.JAR_PROPERTY)
                .hasMessageContaining("./mvnw -B -DskipTests -pl local-registry package");
    }

    @Test
    void anUnsetPropertyIsNamed() {
        String before = System.getProperty(EmbeddedSchemaRegistry.JAR_PROPERTY);
        System.clearProperty(EmbeddedSchemaRegistry.JAR_PROPERTY);
        try {
            assertThatThrownBy(EmbeddedSchemaRegistry::jarFromSystemProperty)
                    .hasMessageContaining("system property inferline.registry.jar is not set");
        } finally {
            if (before != null) {
                System.setProperty(EmbeddedSchemaRegistry.JAR_PROPERTY, before);
            }
        }
    }
}
