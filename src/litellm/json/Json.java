package litellm.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import groovy.lang.GString;
import litellm.script.ScriptText;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/** The one JSON mapper: requests and responses are plain maps and lists, as Groovy scripts like them. */
public final class Json {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    /**
     * Jackson keeps its parse and write buffers per thread by default; a virtual thread (each call past
     * the server's platform threads) is new every time, so they would be allocated afresh. A shared pool
     * reuses them on every thread.
     */
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
            // Jackson refuses strings over 20 million characters by default: an answer's one long text (an
            // image's base64, a whole book) must pass. The server's and the client's body limits bound a string.
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build())
            .enable(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .registerModule(new SimpleModule("groovy-strings").addSerializer(GString.class, new JsonSerializer<>() {
                // "${x}" in a script is a GString; it must serialise as the text it stands for.
                @Override
                public void serialize(GString value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                    gen.writeString(ScriptText.of(value));
                }
            }));

    /** Readers made once: a readValue with a type reference would resolve the type on every call. */
    private static final ObjectReader OBJECT_READER = MAPPER.readerFor(MAP);
    private static final ObjectReader ANY_READER = MAPPER.readerFor(Object.class);

    private Json() {}

    /** Parses a JSON object; throws {@link IOException} with Jackson's location-bearing message when it is not one. */
    public static Map<String, Object> parseObject(byte[] bytes) throws IOException {
        return OBJECT_READER.readValue(bytes);
    }

    public static Map<String, Object> parseObject(String text) throws IOException {
        return OBJECT_READER.readValue(text);
    }

    /** Any JSON value: object, array, string, number. */
    public static Object parse(byte[] bytes) throws IOException {
        return ANY_READER.readValue(bytes);
    }

    /** Any JSON value, in {@code bytes[offset, offset + length)}. */
    public static Object parse(byte[] bytes, int offset, int length) throws IOException {
        return ANY_READER.readValue(bytes, offset, length);
    }

    /** Any JSON value, read as it arrives: for bodies too long to hold as bytes first. */
    public static Object parse(InputStream in) throws IOException {
        return ANY_READER.readValue(in);
    }

    /**
     * {@code value} written to {@code out} as it is serialised, through the generator's small buffer (never a whole
     * copy), and {@code out} closed. An {@link IOException} is {@code out}'s; a value that is not serialisable throws
     * {@link IllegalArgumentException}, as {@link #bytes} does.
     */
    public static void write(OutputStream out, Object value) throws IOException {
        try {
            MAPPER.writeValue(out, value);
        } catch (JsonMappingException | JsonGenerationException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + e.getMessage(), e);
        }
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
