package org.entropyfleet.link.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads an agent's YAML config into its records, validated once, with errors an operator can act
 * on: every message names the file, line, column and key path, e.g.
 * {@code host-agent.yaml:7:5: unknown key 'tls.foo' (known: cert, key, ...)} or
 * {@code host-agent.yaml:12:7: key 'sources[0].min-entropy': must be ≤ 8}.
 *
 * <p>Keys are kebab-case ({@code min-entropy} ↔ {@code minEntropy}); unknown and duplicate keys
 * are errors, since a typo in a security setting must not silently fall back to a default.
 * Records validate themselves in their compact constructors by throwing
 * {@link IllegalArgumentException}; a message starting with {@code key 'x': } names the component
 * (relative to the record), otherwise the record's own key is blamed. Values of type
 * {@link Duration}, {@link DataSize} and {@link Endpoint} are read from their text forms.
 */
public final class ConfigLoader {
    /** Largest config file read; a config is a page of YAML, anything bigger is a mistake. */
    public static final int MAX_CONFIG_BYTES = 1 << 20;
    /** YAML aliases allowed per document (guards against "billion laughs"). */
    public static final int MAX_ALIASES = 20;

    private static final Pattern KEY_PREFIX = Pattern.compile("(?s)key '([^']*)': (.*)");
    private static final Pattern MISSING = Pattern.compile("(?s)Missing required creator property '([^']*)'.*");
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'.*");
    private static final Pattern GOT = Pattern.compile("(?:from|coerce) (Array|Object|Floating-point|String|Boolean|Integer)");
    private static final LoaderOptions LOADER_OPTIONS = loaderOptions();
    private static final ObjectMapper MAPPER = newMapper();

    private ConfigLoader() {
    }

    /** Reads and validates {@code file} as a {@code type}. */
    public static <T> T load(Path file, Class<T> type) throws ConfigException {
        String source = file.toString();
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_CONFIG_BYTES) {
                throw new ConfigException(source, "larger than " + MAX_CONFIG_BYTES + " bytes; not a config file?", null);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(source, "cannot read: " + e, e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(source, "not UTF-8 text", e);
        }
        return parse(text, source, type);
    }

    /** Parses {@code yaml}; {@code sourceName} stands for the file in messages. */
    public static <T> T parse(String yaml, String sourceName, Class<T> type) throws ConfigException {
        // An empty file is an empty mapping, so the first missing required key gets named.
        String text = yaml.isBlank() ? "{}" : yaml;
        try {
            T value = MAPPER.readValue(text, type);
            if (value == null) {
                throw new ConfigException(sourceName, 1, 1, null, "expected a mapping of keys");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw translate(e, sourceName, text);
        } catch (IllegalArgumentException e) {
            // Validation outside Jackson's wrapping (rare): no path known.
            throw new ConfigException(sourceName, 1, 1, null, e.getMessage());
        }
    }

    /**
     * A problem found after loading (a TLS file that is missing, a certificate that expired), located at
     * {@code key} (dotted, e.g. {@code sources[0].tls.cert}) in {@code file}: "FILE:LINE:COL: key '...': message".
     * If the file cannot be read again, the error names the file only.
     */
    public static ConfigException problemAt(Path file, String key, String message) {
        KeyPath path = KeyPath.parse(key);
        YamlLocator.Position pos = null;
        try {
            pos = YamlLocator.of(Files.readString(file, StandardCharsets.UTF_8), LOADER_OPTIONS).locate(path);
        } catch (IOException | RuntimeException e) {
            // fall through: no position
        }
        return pos == null ? new ConfigException(file.toString(), "key '" + key + "': " + message, null)
                : new ConfigException(file.toString(), pos.line(), pos.column(), key, "key '" + key + "': " + message);
    }

    /** The mapper, for tests and for agents that convert sub-trees (e.g. per-type sources). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ConfigException translate(JsonProcessingException e, String source, String yaml) {
        if (!(e instanceof JsonMappingException jm)) {
            // YAML syntax: only the parser knows where.
            JsonLocation loc = e.getLocation();
            String text = firstLine(e.getOriginalMessage());
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof MarkedYAMLException y && y.getProblemMark() != null) {
                    // SnakeYAML's first line is the context ("while parsing a block mapping");
                    // the problem and its mark are what the operator needs.
                    Mark m = y.getProblemMark();
                    return new ConfigException(source, m.getLine() + 1, m.getColumn() + 1, null,
                            "YAML syntax error: " + y.getProblem());
                }
            }
            Matcher dup = DUPLICATE.matcher(text);
            return new ConfigException(source, line(loc), column(loc), dup.matches() ? dup.group(1) : null,
                    dup.matches() ? "duplicate key '" + dup.group(1) + "'" : "YAML syntax error: " + text);
        }
        KeyPath path = KeyPath.of(jm);
        String message;
        if (jm instanceof UnrecognizedPropertyException u) {
            message = "unknown key '" + path + "' (known: " + String.join(", ", known(u)) + ")";
        } else if (jm instanceof ValueInstantiationException v && unknownKey(path, v.getType(), yaml) != null) {
            // Jackson buffers unknown keys until the record is built, so a typo of a required key ("cret:")
            // surfaces as "cert: required"; the typo is what the operator must see.
            String unknown = unknownKey(path, v.getType(), yaml);
            path = path.resolve(KeyPath.parse(unknown));
            message = "unknown key '" + path + "' (known: " + String.join(", ", knownKeys(v.getType())) + ")";
        } else if (jm instanceof ValueInstantiationException v) {
            Throwable cause = v.getCause() != null ? v.getCause() : v;
            String text = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            Matcher m = KEY_PREFIX.matcher(text);
            if (m.matches()) {
                path = path.resolve(KeyPath.parse(m.group(1)));
                text = m.group(2);
            }
            message = keyMessage(path, text);
        } else if (jm instanceof InvalidTypeIdException t) {
            message = keyMessage(path, "unknown type '" + t.getTypeId() + "'");
        } else if (jm instanceof MismatchedInputException mi && MISSING.matcher(mi.getOriginalMessage()).matches()) {
            Matcher m = MISSING.matcher(mi.getOriginalMessage());
            m.matches();
            path = path.resolve(KeyPath.parse(m.group(1)));
            message = keyMessage(path, "required");
        } else if (jm instanceof MismatchedInputException mi) {
            message = keyMessage(path, describeMismatch(mi));
        } else {
            message = keyMessage(path, firstLine(jm.getOriginalMessage()));
        }
        YamlLocator.Position pos = YamlLocator.of(yaml, LOADER_OPTIONS).locate(path);
        int line = pos != null ? pos.line() : line(jm.getLocation());
        int column = pos != null ? pos.column() : column(jm.getLocation());
        return new ConfigException(source, line, column, path.toString(), message);
    }

    /** Jackson's "Cannot deserialize value of type `x` from Array value" in operator terms. */
    private static String describeMismatch(MismatchedInputException mi) {
        String original = firstLine(mi.getOriginalMessage());
        Matcher got = GOT.matcher(original);
        if (mi.getTargetType() == null || !got.find()) {
            return original.replace('`', '\'');
        }
        Class<?> target = mi.getTargetType();
        String expected = target.isRecord() || java.util.Map.class.isAssignableFrom(target) ? "a mapping"
                : target.isArray() || java.util.Collection.class.isAssignableFrom(target) ? "a list"
                : Number.class.isAssignableFrom(target) || target.isPrimitive() ? "a whole number"
                : "a " + target.getSimpleName().toLowerCase(java.util.Locale.ROOT);
        String kind = switch (got.group(1)) {
            case "Array" -> "a list";
            case "Object" -> "a mapping";
            case "Floating-point" -> "a decimal number";
            case "String" -> "a string";
            case "Boolean" -> "a boolean";
            default -> got.group(1).toLowerCase(java.util.Locale.ROOT);
        };
        return "expected " + expected + ", got " + kind;
    }

    /** The first key of the mapping at {@code path} that {@code type} does not have, or null. */
    private static String unknownKey(KeyPath path, com.fasterxml.jackson.databind.JavaType type, String yaml) {
        if (type == null) {
            return null;
        }
        java.util.List<String> known = knownKeys(type);
        if (known.isEmpty()) {
            return null;
        }
        for (String key : YamlLocator.of(yaml, LOADER_OPTIONS).keysAt(path)) {
            if (!known.contains(key)) {
                return key;
            }
        }
        return null;
    }

    private static java.util.List<String> knownKeys(com.fasterxml.jackson.databind.JavaType type) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition d
                : MAPPER.getDeserializationConfig().introspect(type).findProperties()) {
            names.add(d.getName());
        }
        return names;
    }

    private static String keyMessage(KeyPath path, String text) {
        return path.isRoot() ? text : "key '" + path + "': " + text;
    }

    private static java.util.List<String> known(UnrecognizedPropertyException u) {
        java.util.List<String> names = new java.util.ArrayList<>();
        if (u.getKnownPropertyIds() != null) {
            for (Object o : u.getKnownPropertyIds()) {
                names.add(String.valueOf(o));
            }
        }
        return names;
    }

    private static int line(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 1 ? 1 : loc.getLineNr();
    }

    private static int column(JsonLocation loc) {
        return loc == null || loc.getColumnNr() < 1 ? 1 : loc.getColumnNr();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setAllowDuplicateKeys(false);
        o.setMaxAliasesForCollections(MAX_ALIASES);
        o.setCodePointLimit(MAX_CONFIG_BYTES);
        return o;
    }

    private static ObjectMapper newMapper() {
        SimpleModule values = new SimpleModule("entropy-fleet-config-values");
        values.addDeserializer(Duration.class, new ConfigValueDeserializer<>(Duration.class, Durations::parse));
        values.addDeserializer(DataSize.class, new ConfigValueDeserializer<>(DataSize.class, DataSize::parse));
        values.addDeserializer(Endpoint.class, new ConfigValueDeserializer<>(Endpoint.class, Endpoint::parse));
        YAMLFactory yaml = YAMLFactory.builder()
                .loaderOptions(LOADER_OPTIONS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return YAMLMapper.builder(yaml)
                .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .addModule(values)
                .build();
    }
}
