package io.inferline.workers.provider.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UpstreamTextTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "sk-proj-T3stK3yN0tR3alAbCdEfGhIjKlMnOpQrStUvWx",
            "sk-test-0123456789abcdefghij",
            "AIzaSyT3stK3yN0tR3al-AbCdEfGhIjKlMnOpQr",
            "Cf7_T3stT0k3nN0tR3al-AbCdEfGhIjKlMnOpQrS",
    })
    void keyShapedTokensAreHidden(String key) {
        assertThat(UpstreamText.message("bad key " + key + ", try again")).doesNotContain(key).contains("[hidden]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "model: claude-haiku-4-5-20251001",
            "No such model @cf/meta/llama-3.1-8b-instruct or task",
            "models/gemini-2.5-flash is not found for API version v1beta",
            "Please try again in 120ms.",
    })
    void ordinaryTextStaysReadable(String text) {
        assertThat(UpstreamText.message(text)).isEqualTo(text);
    }

    @Test
    void anExcerptIsOneLineOfAtMostTwoHundredCharacters() {
        String page = "<html>\n<body>\n" + "x".repeat(1000) + "\n</body></html>";

        String excerpt = UpstreamText.excerpt(page.getBytes(StandardCharsets.UTF_8));

        assertThat(excerpt).startsWith("<html> <body> xxx").doesNotContain("\n").hasSize(UpstreamText.EXCERPT_CHARS + 3);
    }
}
