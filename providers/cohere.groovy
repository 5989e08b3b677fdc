// Cohere's v1 API: chat (/v1/chat), completions (/v1/generate), embeddings (/v1/embed); streams are NDJSON.
//   --model command-nightly, command, command-light, command-r, cohere/command-r-plus,
//   embed-english-v3.0                                                        (COHERE_API_KEY)
// Chat uses v1 chat, the API of LiteLLM's late-2023 contract: the last user message is `message`,
// earlier turns are `chat_history` (USER/CHATBOT), system messages are the `preamble`.
// Usage is Cohere's billed units (meta.billed_units).
// Tools: tools -> tools with parameter_definitions (Python type names); tool_calls {name, parameters}
// -> OpenAI tool_calls (ids made up, Cohere v1 has none); assistant tool_calls and role "tool" results
// in the history -> CHATBOT tool_calls and TOOL tool_results turns; results that end the conversation
// -> tool_results with an empty message. tool_choice "none" leaves the tools out; v1 chat cannot force
// a call, so other values act as "auto".
// Rerank (/rerank, whose format LiteLLM took from Cohere) goes to Cohere's v2 API (POST <host>/v2/rerank), or v1 as
// LiteLLM picks it: an api_base ending in /v1/rerank, or v1's max_chunks_per_doc without v2's max_tokens_per_doc.
// The answer passes through; v2 returns no documents, so with return_documents they are added from the request.

import groovy.transform.Field
import litellm.json.Json
import litellm.template.PromptTemplates

info(
    apiBase: 'https://api.cohere.ai/v1',
    apiBaseEnv: 'COHERE_API_BASE',
    apiKeyEnv: 'COHERE_API_KEY',
    stream: 'ndjson',
    endpoints: ['chat/completions', 'completions', 'embeddings', 'rerank'],
    params: ['temperature', 'max_tokens', 'top_p', 'top_k', 'stop', 'n', 'presence_penalty', 'frequency_penalty', 'seed',
             'encoding_format', 'tools', 'tool_choice'],
)

@Field static final Map FINISH = [COMPLETE: 'stop', STOP_SEQUENCE: 'stop', MAX_TOKENS: 'length', ERROR_TOXIC: 'content_filter',
                                  TOOL_CALL: 'tool_calls', USER_CANCEL: 'stop']
@Field static final Set ERRORS = ['ERROR', 'ERROR_LIMIT', 'TIMEOUT'] as Set
// JSON Schema type -> the Python type name Cohere's parameter_definitions take
@Field static final Map TYPES = [string: 'str', integer: 'int', number: 'float', boolean: 'bool', array: 'list', object: 'dict']

def request(Call call) {
    Map headers = call.apiKey ? [Authorization: "Bearer ${call.apiKey}"] : [:]
    if (call.endpoint == Endpoint.RERANK) return [url: rerankUrl(call), headers: headers, body: [model: call.model] + call.body]
    String base = withVersion(call.apiBase, '/v1') // COHERE_API_BASE may name the host only
    switch (call.endpoint) {
        case Endpoint.CHAT:
            Map body = [model: call.model] + chat(call.body.messages) + tools(call.body) + sampling(call.body)
            return [url: "${base}/chat", headers: headers, body: body]
        case Endpoint.COMPLETIONS:
            Map body = [model: call.model, prompt: prompt(call)] + sampling(call.body) + [num_generations: call.body.n].findAll { it.value }
            return [url: "${base}/generate", headers: headers, body: body]
        case Endpoint.EMBEDDINGS:
            List texts = call.body.input instanceof List ? call.body.input : [call.body.input]
            // v3 models require input_type; documents are what OpenAI-style clients embed
            return [url: "${base}/embed", headers: headers, body: [model: call.model, texts: texts, input_type: 'search_document']]
    }
}

def response(Call call, body) {
    if (call.endpoint == Endpoint.RERANK) return withDocuments(call, body)
    switch (call.endpoint) {
        case Endpoint.CHAT:
            Map response = chatResponse(call, body.text, finishReason(body.finish_reason ?: 'COMPLETE'), usageOf(body))
            if (body.tool_calls) {
                response.choices[0].message = [role: 'assistant', content: body.text ?: null, tool_calls: toolCalls(body.tool_calls)]
                response.choices[0].finish_reason = 'tool_calls'
            }
            return response
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
        String finish = call.state.calledTools && e.finish_reason == 'COMPLETE' ? 'tool_calls' : finishReason(e.finish_reason)
        Map last = call.isChat() ? chatChunk(call, id, [:], finish) : textChunk(call, id, '', finish)
        Map usage = e.response?.meta ? usageOf(e.response) : null
        if (!call.includeUsage() || !usage) return last
        return [last, OpenAiObjects.usageChunk(id, last.object, last.created, call.model, usage)]
    }
    if (!call.isChat()) return textChunk(call, id, e.text, null)
    switch (e.event_type) {
        case 'stream-start': return chatChunk(call, id, [role: 'assistant', content: ''], null)
        case 'text-generation': return chatChunk(call, id, [content: e.text], null)
        case 'tool-calls-generation': // the whole calls, after the tool-calls-chunk pieces of them
            call.state.calledTools = true
            Map delta = (e.text ? [content: e.text] : [:]) + [tool_calls: toolCalls(e.tool_calls).withIndex().collect { c, i -> [index: i] + c }]
            return chatChunk(call, id, delta, null)
        default: return null // tool-calls-chunk, search queries, citations: nothing OpenAI has
    }
}

// Tool results that end the conversation are the request's tool_results (with an empty message);
// earlier ones are TOOL turns of the history, after the CHATBOT turn that called the tools.
private Map chat(List messages) {
    List turns = messages.findAll { it.role != 'system' }
    Map calls = turns.findResults { it.tool_calls }.flatten().collectEntries { [it.id, it] }
    List results = turns.reverse().takeWhile { it.role == 'tool' }.reverse()
    Map body
    if (results) {
        turns = turns.dropRight(results.size())
        body = [message: '', tool_results: results.collect { toolResult(it, calls) }]
    } else {
        Map last = turns ? turns.removeLast() : null
        body = [message: last ? PromptTemplates.text(last.content) : '']
    }
    List history = []
    turns.each { m ->
        if (m.role == 'tool') {
            if (history && history[-1].role == 'TOOL') history[-1].tool_results << toolResult(m, calls)
            else history << [role: 'TOOL', tool_results: [toolResult(m, calls)]]
        } else if (m.role == 'assistant') {
            history << [role: 'CHATBOT', message: PromptTemplates.text(m.content) ?: ''] + (m.tool_calls ? [tool_calls: m.tool_calls.collect { invocation(it) }] : [:])
        } else {
            history << [role: 'USER', message: PromptTemplates.text(m.content)]
        }
    }
    if (history) body.chat_history = history
    String preamble = messages.findAll { it.role == 'system' }.collect { PromptTemplates.text(it.content) }.join('\n')
    if (preamble) body.preamble = preamble
    body
}

private Map tools(Map body) {
    if (!body.tools || body.tool_choice == 'none') return [:]
    [tools: body.tools.collect { tool ->
        Map schema = tool.function.parameters ?: [:]
        Map definitions = (schema.get('properties') ?: [:]).collectEntries { name, p -> // get(): Groovy reads map.properties as bean properties
            [name, [description: p.description, type: pythonType(p), required: name in (schema.required ?: [])].findAll { k, v -> v != null }]
        }
        [name: tool.function.name, description: tool.function.description, parameter_definitions: definitions].findAll { k, v -> v != null }
    }]
}

private static String pythonType(Map p) {
    String type = p.type instanceof List ? p.type.find { it != 'null' } : p.type
    type == 'array' && p.items?.type in TYPES.keySet() ? "List[${TYPES[p.items.type]}]" : TYPES.getOrDefault(type, type ?: 'str')
}

// A call as Cohere names it: the tool and its parameters as an object.
private Map invocation(Map toolCall) { [name: toolCall.function.name, parameters: toolArguments(toolCall)] }

// Cohere takes outputs as a list of objects (a result that is not a JSON object becomes {output: text}).
private Map toolResult(Map message, Map calls) {
    Map toolCall = calls[message.tool_call_id]
    if (!toolCall) throw LlmError.badRequest("tool message answers no tool call of the conversation: ${message.tool_call_id}", 'messages')
    [call: invocation(toolCall), outputs: [toolOutput(message.content)]]
}

private static List toolCalls(List calls) {
    calls.collect { [id: OpenAiObjects.newId('call_'), type: 'function', function: [name: it.name, arguments: Json.text(it.parameters ?: [:])]] }
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

private static String rerankUrl(Call call) {
    String base = call.apiBase
    boolean v1Params = call.body.containsKey('max_chunks_per_doc') && !call.body.containsKey('max_tokens_per_doc')
    boolean v1 = base.endsWith('/v1/rerank') || (v1Params && !base.endsWith('/v2/rerank'))
    String host = base.replaceFirst(/\/v[12](\/rerank)?$/, '')
    "${host}/${v1 ? 'v1' : 'v2'}/rerank"
}

// LiteLLM's return_documents on v2, which answers indexes and scores only: each result gets its document back
private static Map withDocuments(Call call, Map body) {
    if (call.body.return_documents == true && call.body.documents instanceof List)
        body.results.each { r -> if (r.document == null) r.document = document(call.body.documents[r.index as int]) }
    body
}

private static Map document(doc) { doc instanceof Map ? doc : [text: doc] }
