package io.inferline.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferline.test.serde.Greeting;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Configuration fails fast, names the key, and never shows a credential. */
class AvroSerdeConfigTest {

    private static final String URL = AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG;
    private static final String SECRET = "s3cret-Pa55";

    private static AvroSerdeConfig config(Object... keyValues) {
        Map<String, Object> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new AvroSerdeConfig(props);
    }

    @Test
    void defaultsAreConfluents() {
        AvroSerdeConfig config = config(URL, "http://registry:8081");

        assertThat(config.autoRegisterSchemas()).isTrue();
        assertThat(config.useLatestVersion()).isFalse();
        assertThat(config.credentialsSource()).isEqualTo("USER_INFO");
        assertThat(config.basicAuthUserInfo()).isEmpty();
        assertThat(config.specificType(false)).isNull();
    }

    @Test
    void takesACommaSeparatedListWithPathPrefixesAndStripsTrailingSlashes() {
        AvroSerdeConfig config = config(URL, "http://a:8081/apis/ccompat/v7/, https://b/registry");

        assertThat(config.baseUrls()).containsExactly("http://a:8081/apis/ccompat/v7", "https://b/registry");
        assertThat(config.mockScope()).isEmpty();
    }

    @Test
    void aMockUrlNamesAScope() {
        assertThat(config(URL, "mock://unit").mockScope()).hasValue("unit");
        assertThat(config(URL, "mock://unit").baseUrls()).isEmpty();
    }

    @Test
    void everyKeyHasADocAndOtherClientsKeysAreIgnored() {
        ConfigDef def = AvroSerdeConfig.configDef();
        assertThat(def.configKeys().values()).allSatisfy(key -> assertThat(key.documentation).isNotBlank());
        assertThat(def.names()).contains(URL, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG,
                AvroSerdeConfig.USE_LATEST_VERSION_CONFIG, AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG,
                AvroSerdeConfig.BASIC_AUTH_USER_INFO_CONFIG, AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE_CONFIG);

        assertThat(config(URL, "mock://x", "bootstrap.servers", "broker:9092").mockScope()).hasValue("x");
    }

    @Test
    void aMissingRegistryUrlFailsNamingTheKey() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(URL);
    }

    @Test
    void badUrlsFailNamingTheKey() {
        assertThatThrownBy(() -> config(URL, "")).isInstanceOf(ConfigException.class).hasMessageContaining(URL);
        assertThatThrownBy(() -> config(URL, "registry:8081"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(URL).hasMessageContaining("http://");
        assertThatThrownBy(() -> config(URL, "http://a:8081?x=1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("query");
        assertThatThrownBy(() -> config(URL, "mock://a,http://b:8081"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mock://");
        assertThatThrownBy(() -> config(URL, "mock://"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("scope");
    }

    @Test
    void anUnknownCredentialsSourceFailsNamingTheKey() {
        assertThatThrownBy(() -> config(URL, "http://localhost:1",
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "SASL_INHERIT"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG);
    }

    @Test
    void userInfoIsAPasswordThatNeverShows() {
        AvroSerdeConfig config = config(URL, "http://r:8081", AvroSerdeConfig.BASIC_AUTH_USER_INFO_CONFIG, "svc:" + SECRET);

        assertThat(config.userInfo().toString()).doesNotContain(SECRET);
        assertThat(config.toString()).doesNotContain(SECRET);
        assertThat(config.basicAuthUserInfo()).get().satisfies(p -> assertThat(p.value()).isEqualTo("svc:" + SECRET));
    }

    @Test
    void malformedUserInfoFailsWithoutShowingIt() {
        assertThatThrownBy(() -> config(URL, "http://r:8081", AvroSerdeConfig.BASIC_AUTH_USER_INFO_CONFIG, SECRET))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.BASIC_AUTH_USER_INFO_CONFIG)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void credentialsInAUrlAreTakenWithSourceUrlAndNeverShown() {
        AvroSerdeConfig config = config(URL, "http://svc:s3cret%2DPa55@r:8081/p",
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "URL");

        assertThat(config.baseUrls()).containsExactly("http://r:8081/p");
        assertThat(config.basicAuthUserInfo()).get().satisfies(p -> assertThat(p.value()).isEqualTo("svc:" + SECRET));
        assertThat(config.toString()).doesNotContain(SECRET).doesNotContain("s3cret%2D");
    }

    @Test
    void anInvalidUrlWithCredentialsIsReportedWithoutThem() {
        assertThatThrownBy(() -> config(URL, "http://ok:8081, svc:" + SECRET + "@registry:8081"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(URL)
                .hasMessageContaining("URL number 2")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void sourceUrlWithoutCredentialsInAnyUrlFails() {
        assertThatThrownBy(() -> config(URL, "http://r:8081", AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "URL"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG);
    }

    @Test
    void theSpecificTypeIsAClassNameOfAGeneratedRecord() {
        assertThat(config(URL, "mock://x", AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE_CONFIG, Greeting.class.getName())
                .specificType(false)).isEqualTo(Greeting.class);
        assertThatThrownBy(() -> config(URL, "mock://x", AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE_CONFIG, String.class.getName()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE_CONFIG)
                .hasMessageContaining("SpecificRecord");
        assertThatThrownBy(() -> config(URL, "mock://x", AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE_CONFIG, "no.such.Type"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE_CONFIG);
    }

    @Test
    void retrySettingsAreBounded() {
        assertThatThrownBy(() -> config(URL, "mock://x", AvroSerdeConfig.MAX_RETRIES_CONFIG, -1))
                .isInstanceOf(ConfigException.class).hasMessageContaining(AvroSerdeConfig.MAX_RETRIES_CONFIG);
        assertThatThrownBy(() -> config(URL, "mock://x", AvroSerdeConfig.REQUEST_TIMEOUT_MS_CONFIG, 0))
                .isInstanceOf(ConfigException.class).hasMessageContaining(AvroSerdeConfig.REQUEST_TIMEOUT_MS_CONFIG);
    }
}
