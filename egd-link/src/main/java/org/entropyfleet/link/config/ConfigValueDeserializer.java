package org.entropyfleet.link.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;
import java.util.function.Function;

/**
 * Reads a value type from its config text (a YAML string or plain number) with its own parser,
 * so the operator sees the parser's message ("'5x' is not a duration (use e.g. ...)") rather
 * than Jackson's generic one.
 */
final class ConfigValueDeserializer<T> extends StdScalarDeserializer<T> {
    private static final long serialVersionUID = 1L;

    private final transient Function<String, T> parser;

    ConfigValueDeserializer(Class<T> type, Function<String, T> parser) {
        super(type);
        this.parser = parser;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT) {
            throw InvalidFormatException.from(p, "expected a " + what() + ", got " + describe(p, t), null, handledType());
        }
        String text = p.getText();
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw InvalidFormatException.from(p, e.getMessage(), text, handledType());
        }
    }

    private String what() {
        return handledType().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    private static String describe(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.START_OBJECT) {
            return "a mapping";
        }
        if (t == JsonToken.START_ARRAY) {
            return "a list";
        }
        return t == null ? "nothing" : "'" + p.getText() + "'";
    }
}
