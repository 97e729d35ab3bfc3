package io.inferline.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {

    @Test
    void everyHeaderIsListedOnceUnderTheCommonPrefix() throws Exception {
        List<String> constants = Arrays.stream(DeadLetterHeaders.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .filter(f -> !f.getName().equals("PREFIX"))
                .map(DeadLetterHeadersTest::value).toList();

        assertThat(DeadLetterHeaders.ALL).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(constants)
                .allMatch(name -> name.startsWith(DeadLetterHeaders.PREFIX))
                .allMatch(name -> name.matches("[a-z]+(\\.[a-z]+)+"));
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
