package litellm.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A callback script in a test's folder that writes each logged call ({@code call.asMap()}, with its {@code success})
 * as a line of JSON, and the lines it wrote: what the callbacks, and the budget with them, see of each call.
 */
public final class CallRecorder {
    private final Path dir;
    private final Path out;

    public CallRecorder(Path dir) throws IOException {
        this.dir = dir;
        this.out = dir.resolve("calls.jsonl");
        Files.createDirectories(dir.resolve("callbacks"));
        String file = out.toString().replace("\\", "/");
        Files.writeString(dir.resolve("callbacks/custom_callbacks.groovy"), """
                void onSuccess(CallLog call) { new File('%1$s') << toJson(call.asMap() + [success: true]) + '\\n' }
                void onFailure(CallLog call) { new File('%1$s') << toJson(call.asMap() + [success: false]) + '\\n' }
                """.formatted(file));
    }

    /** The config's lines that turn the script on: put {@link #environment()} first and {@link #litellmSettings()} under litellm_settings. */
    public String environment() {
        return "environment_variables:\n  LITELLM_CALLBACKS: " + dir.resolve("callbacks") + "\n";
    }

    public String litellmSettings() {
        return "  callbacks: [custom_callbacks.proxy_handler_instance]\n";
    }

    /** The first {@code count} calls logged, waiting up to 10 s for them. */
    public List<Map<String, Object>> await(int count) throws Exception {
        return awaitLines(out, count);
    }

    /** The first {@code count} JSON lines a callback script writes to {@code out}, waiting up to 10 s for them. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> awaitLines(Path out, int count) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (Files.exists(out)) {
                List<String> lines = Files.readAllLines(out);
                if (lines.size() >= count) return lines.stream().map(l -> (Map<String, Object>) Http.parse(l)).toList();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fewer than " + count + " calls logged in 10 s");
    }
}
