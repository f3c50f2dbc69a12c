package org.entropyfleet.link.config;

import java.io.StringReader;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Finds the line and column of a key in the YAML source. Jackson reports where its parser was
 * when an error surfaced — for a record's validation that is the end of the block, not the bad
 * key — so errors are located again here, on SnakeYAML's node tree, by key path. A key that is
 * absent (a missing required key) is reported at its nearest present parent.
 */
final class YamlLocator {
    /** 1-based position. */
    record Position(int line, int column) {
    }

    private final Node root;

    private YamlLocator(Node root) {
        this.root = root;
    }

    /** A locator for {@code yaml}, or one that finds nothing if the text does not compose. */
    static YamlLocator of(String yaml, LoaderOptions options) {
        try {
            return new YamlLocator(new Yaml(options).compose(new StringReader(yaml)));
        } catch (RuntimeException e) {
            return new YamlLocator(null);
        }
    }

    /**
     * Keys of the mapping at exactly {@code path}, in document order, or an empty list if the path is
     * absent or not a mapping.
     */
    List<String> keysAt(KeyPath path) {
        Node node = root;
        for (Object element : path.elements()) {
            node = child(node, element);
            if (node == null) {
                return List.of();
            }
        }
        List<String> keys = new java.util.ArrayList<>();
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    keys.add(k.getValue());
                }
            }
        }
        return keys;
    }

    private static Node child(Node node, Object element) {
        if (element instanceof Integer i && node instanceof SequenceNode seq) {
            return i < seq.getValue().size() ? seq.getValue().get(i) : null;
        }
        if (element instanceof String key && node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && key.equals(k.getValue())) {
                    return t.getValueNode();
                }
            }
        }
        return null;
    }

    /** Position of the deepest element of {@code path} present in the document, or null. */
    Position locate(KeyPath path) {
        if (root == null) {
            return null;
        }
        Node node = root;
        Mark mark = root.getStartMark();
        for (Object element : path.elements()) {
            Node next = null;
            Mark nextMark = null;
            if (element instanceof Integer i && node instanceof SequenceNode seq) {
                List<Node> items = seq.getValue();
                if (i < items.size()) {
                    next = items.get(i);
                    nextMark = next.getStartMark();
                }
            } else if (element instanceof String key && node instanceof MappingNode map) {
                for (NodeTuple t : map.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k && key.equals(k.getValue())) {
                        next = t.getValueNode();
                        nextMark = k.getStartMark();
                        break;
                    }
                }
            }
            if (next == null) {
                break;
            }
            node = next;
            mark = nextMark;
        }
        return new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }
}
