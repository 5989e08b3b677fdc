package litellm.anthropic;

import java.util.List;
import java.util.Map;

/**
 * An Anthropic Messages request as a chat model gets it, with what the answer's way back needs to know.
 *
 * @param chat          the OpenAI chat request
 * @param toolNames     tool names shortened to OpenAI's 64 characters → the client's own names
 * @param stopSequences the request's stop_sequences, to tell which one stopped the answer
 * @param model         the model the client asked for, named in the answer when the upstream names none
 */
public record ViaChat(Map<String, Object> chat, Map<String, String> toolNames, List<String> stopSequences, String model) {

    /** The client's name for a tool the chat model called. */
    String toolName(String chatName) {
        return chatName == null ? "" : toolNames.getOrDefault(chatName, chatName);
    }
}
