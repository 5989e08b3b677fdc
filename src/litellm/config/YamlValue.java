package litellm.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A node of a YAML document with where it stands, so that every config error can name file, line,
 * column and path ({@code model_list[2].litellm_params.api_base}). Only plain data: safe loading.
 */
final class YamlValue {
    private final String file;
    private final String path;
    private final Node node;

    private YamlValue(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** The document's root, or null for an empty document. */
    static YamlValue parse(String file, String text) throws ConfigError {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50); // no billion laughs
        try {
            Node root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
            return root == null ? null : new YamlValue(file, "", root);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = m == null ? file : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
            throw new ConfigError(where + ": not valid YAML: " + e.getProblem());
        } catch (RuntimeException e) {
            throw new ConfigError(file + ": not valid YAML: " + e.getMessage());
        }
    }

    String path() {
        return path.isEmpty() ? "(top level)" : path;
    }

    ConfigError error(String message) {
        Mark m = node.getStartMark();
        return new ConfigError(file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1) + ": " + path() + ": " + message);
    }

    boolean isNull() {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    /** The entries of a mapping, any keys (a {@link Section} reader finds the unknown ones). */
    Map<String, YamlValue> mapping() throws ConfigError {
        if (!(node instanceof MappingNode m)) throw error("expected a mapping (key: value lines), got " + kind());
        Map<String, YamlValue> entries = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) throw new YamlValue(file, path, t.getKeyNode()).error("keys must be plain names");
            String key = k.getValue();
            YamlValue value = new YamlValue(file, path.isEmpty() ? key : path + "." + key, t.getValueNode());
            if (entries.put(key, value) != null) throw new YamlValue(file, value.path, t.getKeyNode()).error("'" + key + "' is given twice");
        }
        return entries;
    }

    /** The error for a key of this mapping that nothing reads, at the key itself. */
    ConfigError unknownKey(String key, Collection<String> known) {
        Node at = node;
        for (NodeTuple t : ((MappingNode) node).getValue())
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) at = k;
        return new YamlValue(file, path.isEmpty() ? key : path + "." + key, at)
                .error("unknown key '" + key + "'; known keys: " + String.join(", ", new TreeSet<>(known)));
    }

    List<YamlValue> sequence() throws ConfigError {
        if (!(node instanceof SequenceNode s)) throw error("expected a list (lines starting with '- '), got " + kind());
        List<YamlValue> items = new ArrayList<>();
        for (int i = 0; i < s.getValue().size(); i++) items.add(new YamlValue(file, path + "[" + i + "]", s.getValue().get(i)));
        return items;
    }

    String string() throws ConfigError {
        if (!(node instanceof ScalarNode s) || isNull()) throw error("expected a string, got " + kind());
        return s.getValue();
    }

    double number() throws ConfigError {
        Object v = plain();
        if (!(v instanceof Number n)) throw error("expected a number, got " + kind());
        return n.doubleValue();
    }

    int integer() throws ConfigError {
        Object v = plain();
        if (!(v instanceof Long || v instanceof Integer)) throw error("expected a whole number, got " + kind());
        return ((Number) v).intValue();
    }

    boolean bool() throws ConfigError {
        Object v = plain();
        if (!(v instanceof Boolean b)) throw error("expected true or false, got " + kind());
        return b;
    }

    /** The node as plain Java data: maps, lists, strings, numbers, booleans, null. */
    Object plain() throws ConfigError {
        if (node instanceof MappingNode) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (var e : mapping().entrySet()) map.put(e.getKey(), e.getValue().plain());
            return map;
        }
        if (node instanceof SequenceNode) {
            List<Object> list = new ArrayList<>();
            for (YamlValue item : sequence()) list.add(item.plain());
            return list;
        }
        ScalarNode s = (ScalarNode) node;
        Tag tag = s.getTag();
        String v = s.getValue();
        try {
            if (tag.equals(Tag.NULL)) return null;
            if (tag.equals(Tag.BOOL)) return Set.of("true", "yes", "on").contains(v.toLowerCase());
            if (tag.equals(Tag.INT)) return Long.decode(v.replace("_", ""));
            if (tag.equals(Tag.FLOAT)) return Double.valueOf(v.replace("_", ""));
        } catch (NumberFormatException e) {
            return v;
        }
        return v;
    }

    private String kind() {
        if (node instanceof MappingNode) return "a mapping";
        if (node instanceof SequenceNode) return "a list";
        if (isNull()) return "nothing";
        Tag tag = node.getTag();
        String value = ((ScalarNode) node).getValue();
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) return "the number " + value;
        if (tag.equals(Tag.BOOL)) return value;
        return "the string \"" + value + "\"";
    }
}
