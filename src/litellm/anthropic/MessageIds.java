package litellm.anthropic;

import litellm.openai.OpenAiObjects;

/** Ids in Anthropic's style, for answers whose upstream gave none. */
final class MessageIds {
    private MessageIds() {}

    static String next() {
        return OpenAiObjects.newId("msg_");
    }

    static String nextToolUse() {
        return OpenAiObjects.newId("toolu_");
    }
}
