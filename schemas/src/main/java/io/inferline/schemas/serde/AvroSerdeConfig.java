package io.inferline.schemas.serde;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Configuration of the Avro serde. The keys are the ones Confluent's serializers use, so existing
 * client configurations work unchanged. Subjects follow the topic-name strategy:
 * {@code <topic>-value} and {@code <topic>-key}.
 *
 * <p>Credentials ({@code basic.auth.user.info}, or {@code user:password@} in a URL) never appear in
 * exception messages or logs: the user info is a {@link Password}, and URLs are shown without it.
 */
public final class AvroSerdeConfig extends AbstractConfig {

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    public static final String SCHEMA_REGISTRY_URL_DOC = "Comma-separated base URLs of a Confluent-API schema registry"
            + " (a path prefix is allowed, e.g. http://host:8080/apis/ccompat/v7), tried in order on connection errors."
            + " mock://<scope> uses an in-process registry shared by every serde of that scope (unit tests only).";

    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    public static final String AUTO_REGISTER_SCHEMAS_DOC = "Register the record's schema under the subject when"
            + " serializing; false only looks it up and fails if it is not registered.";

    public static final String USE_LATEST_VERSION_CONFIG = "use.latest.version";
    public static final String USE_LATEST_VERSION_DOC = "Serialize with the id of the subject's latest schema instead"
            + " of registering (this wins over auto.register.schemas). The latest schema must encode like the record's"
            + " own schema (equal Parsing Canonical Form); it is looked up once per topic.";

    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_DOC = "Where HTTP basic-auth credentials come from:"
            + " USER_INFO (basic.auth.user.info) or URL (user:password@ in schema.registry.url).";

    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    public static final String BASIC_AUTH_USER_INFO_DOC = "user:password for the registry, with source USER_INFO.";

    public static final String MAX_RETRIES_CONFIG = "schema.registry.max.retries";
    public static final String MAX_RETRIES_DOC = "Retries of a registry call that failed with HTTP 5xx, 408, 429 or an"
            + " I/O error (so at most this + 1 attempts, each trying every URL on I/O errors).";

    public static final String RETRY_BACKOFF_MS_CONFIG = "schema.registry.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MS_DOC = "Backoff before the first registry retry; doubles per retry.";

    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "schema.registry.retry.backoff.max.ms";
    public static final String RETRY_BACKOFF_MAX_MS_DOC = "Upper bound of the doubling registry retry backoff.";

    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS_DOC = "Connect and response timeout of one registry call.";

    public static final String SPECIFIC_AVRO_KEY_TYPE_CONFIG = "specific.avro.key.type";
    public static final String SPECIFIC_AVRO_VALUE_TYPE_CONFIG = "specific.avro.value.type";
    public static final String SPECIFIC_AVRO_TYPE_DOC = "The generated SpecificRecord class to read keys (values) into,"
            + " for a deserializer or serde created without a Class (e.g. named in client configs). Without it, records"
            + " are read into the class named by the writer schema, which must be on the classpath. A Class given to"
            + " the constructor wins over this key.";

    public static final String CREDENTIALS_SOURCE_USER_INFO = "USER_INFO";
    public static final String CREDENTIALS_SOURCE_URL = "URL";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new RegistryUrlValidator(),
                    Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
            .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, AUTO_REGISTER_SCHEMAS_DOC)
            .define(USE_LATEST_VERSION_CONFIG, Type.BOOLEAN, false, Importance.LOW, USE_LATEST_VERSION_DOC)
            .define(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, Type.STRING, CREDENTIALS_SOURCE_USER_INFO,
                    ValidString.in(CREDENTIALS_SOURCE_USER_INFO, CREDENTIALS_SOURCE_URL), Importance.MEDIUM,
                    BASIC_AUTH_CREDENTIALS_SOURCE_DOC)
            .define(BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, null, new UserInfoValidator(), Importance.MEDIUM,
                    BASIC_AUTH_USER_INFO_DOC)
            .define(MAX_RETRIES_CONFIG, Type.INT, 6, Range.between(0, 20), Importance.LOW, MAX_RETRIES_DOC)
            .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, 100L, Range.atLeast(0), Importance.LOW, RETRY_BACKOFF_MS_DOC)
            .define(RETRY_BACKOFF_MAX_MS_CONFIG, Type.LONG, 10_000L, Range.atLeast(0), Importance.LOW,
                    RETRY_BACKOFF_MAX_MS_DOC)
            .define(REQUEST_TIMEOUT_MS_CONFIG, Type.INT, 10_000, Range.atLeast(1), Importance.LOW, REQUEST_TIMEOUT_MS_DOC)
            .define(SPECIFIC_AVRO_KEY_TYPE_CONFIG, Type.CLASS, null, new SpecificRecordValidator(), Importance.LOW,
                    SPECIFIC_AVRO_TYPE_DOC)
            .define(SPECIFIC_AVRO_VALUE_TYPE_CONFIG, Type.CLASS, null, new SpecificRecordValidator(), Importance.LOW,
                    SPECIFIC_AVRO_TYPE_DOC);

    private final RegistryUrls urls;

    /** Parses and validates {@code props}; keys of other clients in the same map are ignored. */
    public AvroSerdeConfig(Map<String, ?> props) {
        // doLog=false: the values include URLs that may carry credentials
        super(CONFIG, props, false);
        List<String> configured = getList(SCHEMA_REGISTRY_URL_CONFIG);
        this.urls = RegistryUrls.isMock(configured.get(0)) ? null : RegistryUrls.parse(configured);
        if (urls != null && credentialsSource().equals(CREDENTIALS_SOURCE_URL) && urls.userInfo().isEmpty()) {
            throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG + " is URL but no URL in "
                    + SCHEMA_REGISTRY_URL_CONFIG + " has user:password@");
        }
    }

    /** The definition of every key, e.g. to print documentation. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** The configured URLs as given (they may carry credentials: do not print them). */
    public List<String> registryUrls() {
        return getList(SCHEMA_REGISTRY_URL_CONFIG);
    }

    /** The scope of a {@code mock://scope} URL, if that is what is configured. */
    public Optional<String> mockScope() {
        return urls == null ? Optional.of(RegistryUrls.mockScope(registryUrls().get(0))) : Optional.empty();
    }

    /** The HTTP base URLs without credentials (empty for a mock scope). */
    List<String> baseUrls() {
        return urls == null ? List.of() : urls.baseUrls();
    }

    /** The {@code user:password} to send, from the configured source; never logged. */
    Optional<Password> basicAuthUserInfo() {
        if (urls == null) {
            return Optional.empty();
        }
        if (credentialsSource().equals(CREDENTIALS_SOURCE_URL)) {
            return urls.userInfo().map(Password::new);
        }
        return Optional.ofNullable(getPassword(BASIC_AUTH_USER_INFO_CONFIG));
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG);
    }

    public boolean useLatestVersion() {
        return getBoolean(USE_LATEST_VERSION_CONFIG);
    }

    public String credentialsSource() {
        return getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG);
    }

    /** {@code basic.auth.user.info} as configured (null when unset); its {@code toString()} hides the value. */
    public Password userInfo() {
        return getPassword(BASIC_AUTH_USER_INFO_CONFIG);
    }

    public int maxRetries() {
        return getInt(MAX_RETRIES_CONFIG);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS_CONFIG);
    }

    public long retryBackoffMaxMs() {
        return getLong(RETRY_BACKOFF_MAX_MS_CONFIG);
    }

    public int requestTimeoutMs() {
        return getInt(REQUEST_TIMEOUT_MS_CONFIG);
    }

    /** The class named by {@code specific.avro.key.type} or {@code specific.avro.value.type}, or null. */
    public Class<?> specificType(boolean isKey) {
        return getClass(isKey ? SPECIFIC_AVRO_KEY_TYPE_CONFIG : SPECIFIC_AVRO_VALUE_TYPE_CONFIG);
    }

    /** One or more http(s) URLs, or exactly one mock://scope; messages never echo credentials. */
    private static final class RegistryUrlValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            List<?> urls = (List<?>) value;
            if (urls == null || urls.isEmpty() || urls.stream().anyMatch(url -> url.toString().isBlank())) {
                throw new ConfigException(name + " needs at least one registry URL and no empty entries");
            }
            boolean anyMock = urls.stream().anyMatch(url -> RegistryUrls.isMock(url.toString()));
            if (anyMock && urls.size() > 1) {
                throw new ConfigException(name + ": a mock:// URL cannot be combined with other URLs");
            }
            if (anyMock) {
                if (RegistryUrls.mockScope(urls.get(0).toString()).isBlank()) {
                    throw new ConfigException(name + ": mock:// needs a scope name, e.g. mock://my-test");
                }
                return;
            }
            try {
                RegistryUrls.parse(urls.stream().map(Object::toString).toList());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("Invalid value for configuration " + name + ": " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "http(s)://host[:port][/path-prefix][,...] or mock://scope";
        }
    }

    /** {@code user:password}; the message names the key and never the value. */
    private static final class UserInfoValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null && ((Password) value).value().indexOf(':') < 0) {
                throw new ConfigException("Invalid value for configuration " + name + ": expected user:password"
                        + " (the value is not shown)");
            }
        }

        @Override
        public String toString() {
            return "user:password";
        }
    }

    private static final class SpecificRecordValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null && !SpecificRecord.class.isAssignableFrom((Class<?>) value)) {
                throw new ConfigException(name, ((Class<?>) value).getName(), "not an Avro SpecificRecord class");
            }
        }

        @Override
        public String toString() {
            return "a generated Avro SpecificRecord class";
        }
    }
}
