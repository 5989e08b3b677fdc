///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../src/Library.java

import litellm.LiteLLM;

import java.util.List;
import java.util.Map;

/** The Java API without a server: ./jbang examples/Chat.java [model] [question] */
public class Chat {
    public static void main(String... args) {
        String model = args.length > 0 ? args[0] : "offline/echo";
        String question = args.length > 1 ? args[1] : "write a short poem";
        var llm = LiteLLM.direct();
        System.out.println(llm.chat(model, question));
        llm.stream(Map.of("model", model, "messages", List.of(Map.of("role", "user", "content", question))), chunk -> {
            if (chunk.get("choices") instanceof List<?> choices && !choices.isEmpty()
                    && ((Map<?, ?>) choices.get(0)).get("delta") instanceof Map<?, ?> delta && delta.get("content") != null)
                System.out.print(delta.get("content"));
        });
        System.out.println();
        System.exit(0);
    }
}
