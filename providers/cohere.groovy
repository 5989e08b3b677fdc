// Cohere's v1 API: chat (/v1/chat), completions (/v1/generate), embeddings (/v1/embed); streams are NDJSON.
//   --model command-nightly, command, command-light, command-r, cohere/command-r-plus,
//   embed-english-v3.0                                                        (COHERE_API_KEY)
// Chat uses v1 chat, the API of LiteLLM's late-2023 contract: the last user message is `message`,
// earlier turns are `chat_history` (USER/CHATBOT), system messages are the `preamble`.
// Usage is Cohere's billed units (meta.billed_units).

import groovy.transform.Field
import litellm.template.PromptTemplates

info(
    apiBase: 'https://api.cohere.ai/v1',
    apiKeyEnv: 'COHERE_API_KEY',
    stream: 'ndjson',
    endpoints: ['chat/completions', 'completions', 'embeddings'],
    params: ['temperature', 'max_tokens', 'top_p', 'top_k', 'stop', 'n', 'presence_penalty', 'frequency_penalty', 'seed',
             'encoding_format'],
)

@Field static final Map FINISH = [COMPLETE: 'stop', STOP_SEQUENCE: 'stop', MAX_TOKENS: 'length', ERROR_TOXIC: 'content_filter',
                                  TOOL_CALL: 'tool_calls', USER_CANCEL: 'stop']
@Field static final Set ERRORS = ['ERROR', 'ERROR_LIMIT', 'TIMEOUT'] as Set

def request(Call call) {
    Map headers = call.apiKey ? [Authorization: "Bearer ${call.apiKey}"] : [:]
    switch (call.endpoint) {
        case Endpoint.CHAT:
            return [url: "${call.apiBase}/chat", headers: headers, body: [model: call.model] + chat(call.body.messages) + sampling(call.body)]
        case Endpoint.COMPLETIONS:
            Map body = [model: call.model, prompt: prompt(call)] + sampling(call.body) + [num_generations: call.body.n].findAll { it.value }
            return [url: "${call.apiBase}/generate", headers: headers, body: body]
        case Endpoint.EMBEDDINGS:
            List texts = call.body.input instanceof List ? call.body.input : [call.body.input]
            // v3 models require input_type; documents are what OpenAI-style clients embed
            return [url: "${call.apiBase}/embed", headers: headers, body: [model: call.model, texts: texts, input_type: 'search_document']]
    }
}

def response(Call call, body) {
    switch (call.endpoint) {
        case Endpoint.CHAT:
            return chatResponse(call, body.text, finishReason(body.finish_reason ?: 'COMPLETE'), usageOf(body))
        case Endpoint.COMPLETIONS:
            Map response = textResponse(call, body.generations[0].text, finishReason(body.generations[0].finish_reason), usageOf(body))
            response.choices = body.generations.withIndex().collect { g, i ->
                [text: g.text, index: i, logprobs: null, finish_reason: finishReason(g.finish_reason)]
            }
            return response
        case Endpoint.EMBEDDINGS:
            return embeddingResponse(call, body.embeddings, usage(body.meta?.billed_units?.input_tokens ?: 0, 0))
    }
}

// Chat events have an event_type; generate events are {text, is_finished} until the last one.
def streamEvent(Call call, StreamEvent event) {
    Map e = event.json
    String id = streamId(call)
    if (e.is_finished) {
        if (e.finish_reason in ERRORS) return [error: [message: "cohere ended the stream with ${e.finish_reason}", type: 'api_error', code: e.finish_reason]]
        String finish = finishReason(e.finish_reason)
        Map last = call.isChat() ? chatChunk(call, id, [:], finish) : textChunk(call, id, '', finish)
        Map usage = e.response?.meta ? usageOf(e.response) : null
        if (!call.includeUsage() || !usage) return last
        return [last, OpenAiObjects.usageChunk(id, last.object, last.created, call.model, usage)]
    }
    if (!call.isChat()) return textChunk(call, id, e.text, null)
    switch (e.event_type) {
        case 'stream-start': return chatChunk(call, id, [role: 'assistant', content: ''], null)
        case 'text-generation': return chatChunk(call, id, [content: e.text], null)
        default: return null // search queries, citations: nothing OpenAI has
    }
}

private Map chat(List messages) {
    List turns = messages.findAll { it.role != 'system' }
    Map last = turns ? turns[-1] : null
    Map body = [message: last ? PromptTemplates.text(last.content) : '']
    List history = turns.dropRight(1).collect {
        [role: it.role == 'assistant' ? 'CHATBOT' : 'USER', message: PromptTemplates.text(it.content)]
    }
    if (history) body.chat_history = history
    String preamble = messages.findAll { it.role == 'system' }.collect { PromptTemplates.text(it.content) }.join('\n')
    if (preamble) body.preamble = preamble
    body
}

private Map sampling(Map body) {
    [max_tokens       : body.max_tokens,
     temperature      : body.temperature,
     p                : body.top_p,
     k                : body.top_k,
     stop_sequences   : body.stop instanceof String ? [body.stop] : body.stop,
     frequency_penalty: body.frequency_penalty,
     presence_penalty : body.presence_penalty,
     seed             : body.seed,
     stream           : body.stream ?: null,
    ].findAll { it.value != null }
}

private String finishReason(String cohere) {
    cohere == null ? null : FINISH.getOrDefault(cohere, 'stop')
}

private Map usageOf(Map body) {
    Map billed = body.meta?.billed_units ?: [:]
    usage(billed.input_tokens ?: 0, billed.output_tokens ?: 0)
}
