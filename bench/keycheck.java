///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//DEPS ../src/Library.java

import litellm.callbacks.Caller;
import litellm.json.Json;
import litellm.keys.Database;
import litellm.keys.Permit;
import litellm.keys.VirtualKeys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a virtual key's check costs a call, in process, with no HTTP around it: the key presented is authenticated
 * and the call admitted (its models, budget, rpm, tpm and parallel limits, none crossed), its rate-limit headers
 * written, then its permit closed, against the master key's path (its caller, remembered). The HTTP bench (--only
 * keys) cannot see a fraction of a microsecond on a shared 2-core machine; this can. Run from the repository root: ./jbang bench/keycheck.java
 */
public class keycheck {
    static final int CALLS = 2_000_000, ROUNDS = 8;
    static long headerChars;

    public static void main(String... args) throws Exception {
        Path dir = Files.createTempDirectory("keycheck");
        try (VirtualKeys keys = VirtualKeys.over(Database.embedded(dir.resolve("keys")))) {
            String body = "{\"models\":[\"gpt-4o\"],\"max_budget\":1000000,\"budget_duration\":\"30d\",\"rpm_limit\":1000000000000,"
                    + "\"tpm_limit\":1000000000000,\"max_parallel_requests\":10000}";
            @SuppressWarnings("unchecked")
            Map<String, Object> made = (Map<String, Object>) keys.admin("key/generate", Json.parseObject(body), Map.of());
            String key = (String) made.get("key");
            long sink = 0;
            for (int round = 0; round < ROUNDS; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < CALLS; i++) {
                    Caller caller = keys.authenticate(key);
                    try (Permit permit = keys.admit(caller, "gpt-4o", Map.of())) {
                        permit.writeHeaders((name, value) -> headerChars += value.length()); // as the server answers them
                        sink += caller.keyHash().length();
                    }
                }
                long virtual = System.nanoTime();
                for (int i = 0; i < CALLS; i++) sink += keys.master("sk-master").keyHash().length();
                long master = System.nanoTime();
                System.out.printf("round %d: virtual key %.0f ns per call, master key %.0f ns per call%n", round,
                        (virtual - start) / (double) CALLS, (master - virtual) / (double) CALLS);
            }
            if (sink + headerChars == 0) System.out.println("(nothing counted)");
        }
    }
}
