package litellm.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import groovy.lang.GString;

import java.io.IOException;
import java.util.Map;

/** The one JSON mapper: requests and responses are plain maps and lists, as Groovy scripts like them. */
public final class Json {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .registerModule(new SimpleModule("groovy-strings").addSerializer(GString.class, new JsonSerializer<>() {
                // "${x}" in a script is a GString; it must serialise as the text it stands for.
                @Override
                public void serialize(GString value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                    gen.writeString(value.toString());
                }
            }));

    private Json() {}

    /** Parses a JSON object; throws {@link IOException} with Jackson's location-bearing message when it is not one. */
    public static Map<String, Object> parseObject(byte[] bytes) throws IOException {
        return MAPPER.readValue(bytes, MAP);
    }

    public static Map<String, Object> parseObject(String text) throws IOException {
        return MAPPER.readValue(text, MAP);
    }

    /** Any JSON value: object, array, string, number. */
    public static Object parse(byte[] bytes) throws IOException {
        return MAPPER.readValue(bytes, Object.class);
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + e.getMessage(), e);
        }
    }

    public static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + e.getMessage(), e);
        }
    }
}
