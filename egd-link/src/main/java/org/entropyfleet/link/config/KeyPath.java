package org.entropyfleet.link.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key's position in the config tree, as operators read it: {@code sources[0].min-entropy}.
 * Elements are {@link String} keys or {@link Integer} list indexes.
 */
record KeyPath(List<Object> elements) {
    private static final Pattern ELEMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)\\]");

    KeyPath {
        elements = List.copyOf(elements);
    }

    static final KeyPath ROOT = new KeyPath(List.of());

    /** The path Jackson tracked to the value it failed on. */
    static KeyPath of(JsonMappingException e) {
        List<Object> out = new ArrayList<>();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                out.add(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.add(r.getIndex());
            }
        }
        return new KeyPath(out);
    }

    /** Parses the dotted form, e.g. what a record puts in "key 'protocols[0]': ...". */
    static KeyPath parse(String text) {
        List<Object> out = new ArrayList<>();
        Matcher m = ELEMENT.matcher(text);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : (Object) Integer.valueOf(m.group(2)));
        }
        return new KeyPath(out);
    }

    KeyPath resolve(KeyPath child) {
        List<Object> out = new ArrayList<>(elements);
        out.addAll(child.elements);
        return new KeyPath(out);
    }

    KeyPath parent() {
        return elements.isEmpty() ? this : new KeyPath(elements.subList(0, elements.size() - 1));
    }

    boolean isRoot() {
        return elements.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Object e : elements) {
            if (e instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(e);
            }
        }
        return sb.toString();
    }
}
