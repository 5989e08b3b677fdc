package litellm.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import litellm.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The reply is JSON (the whole reply, or the one fenced {@code ```json} block models like to wrap it in) and, with
 * {@code --schema FILE}, valid against that JSON Schema (networknt's validator: drafts 4 to 2020-12, the file's
 * {@code $schema} saying which; 2020-12 when it does not).
 */
record JsonScorer(JsonSchema schema) implements Scorer {
    private static final ObjectReader STRICT = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern FENCED = Pattern.compile("```[a-zA-Z]*\\s*\\n(.*?)```", Pattern.DOTALL);

    public String name() {
        return "json";
    }

    /** @param file the schema; null: any JSON passes */
    static JsonScorer of(Path file) throws BadInput {
        if (file == null) return new JsonScorer(null);
        JsonNode node;
        try {
            node = STRICT.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new BadInput("--schema: no such file " + file);
        } catch (JsonProcessingException e) {
            throw new BadInput(file + ":" + e.getLocation().getLineNr() + ": not JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new BadInput("--schema: cannot read " + file + ": " + e.getMessage());
        }
        if (!node.isObject()) throw new BadInput(file + ": a JSON Schema is an object, not " + node.getNodeType().name().toLowerCase());
        try {
            var version = SpecVersionDetector.detectOptionalVersion(node, false).orElse(SpecVersion.VersionFlag.V202012);
            return new JsonScorer(JsonSchemaFactory.getInstance(version).getSchema(node));
        } catch (RuntimeException e) {
            throw new BadInput(file + ": not a JSON Schema this validator reads: " + e.getMessage());
        }
    }

    public Score score(EvalItem item, String reply) {
        JsonNode value;
        try {
            value = STRICT.readTree(unfenced(reply));
        } catch (IOException e) {
            return new Score(0, "not JSON");
        }
        if (value == null || value.isMissingNode()) return new Score(0, "not JSON: empty");
        if (schema == null) return Score.of(true);
        Set<ValidationMessage> errors = schema.validate(value);
        return errors.isEmpty() ? Score.of(true)
                : new Score(0, errors.stream().map(ValidationMessage::getMessage).sorted().limit(3).collect(Collectors.joining("; ")));
    }

    static String unfenced(String reply) {
        Matcher fenced = FENCED.matcher(reply);
        return fenced.find() ? fenced.group(1) : reply;
    }
}
