// Ollama's native API: /api/chat (chat), /api/generate (completions), /api/embed (embeddings),
// streamed as NDJSON.
//   --model ollama/llama3.2                                  http://localhost:11434, or OLLAMA_API_BASE
//   --model ollama/llama3.2 --api_base http://gpu-box:11434
// A key (the deployment's api_key, else OLLAMA_API_KEY) goes as a Bearer token, for Ollama's cloud or a server
// behind a proxy that checks one; none is needed otherwise. ollama_chat/<model> (LiteLLM's name for /api/chat) is
// this provider. Sampling parameters go into options (max_tokens -> num_predict); response_format
// json_object -> format "json", json_schema -> format <schema>; tools and tool calls (Ollama's
// arguments are objects, OpenAI's JSON strings); images as base64 data URLs.
// Thinking models (Ollama 0.9+), as LiteLLM maps them: reasoning_effort -> think (gpt-oss takes the level itself,
// other models true for low, medium, high and false for none, minimal), or Ollama's own think as given;
// message.thinking -> reasoning_content, streamed as reasoning_content deltas, and an assistant message's
// reasoning_content goes back as its thinking. /api/generate's thinking is left out of a completion's text.
// Models that write their reasoning into the text instead (qwen3, deepseek-r1 without think): on a stream, the text
// between <think> and </think> goes as reasoning_content deltas, the tags dropped, as LiteLLM's ollama_chat/ does
// (a whole answer's leading <think>...</think> is the core's, for every provider).

info(
    apiBase: 'http://localhost:11434',
    apiBaseEnv: 'OLLAMA_API_BASE',
    stream: 'ndjson',
    endpoints: ['chat/completions', 'completions', 'embeddings'],
    thinkingBlocks: true, // an assistant message's reasoning_content goes back as its thinking
    params: ['max_tokens', 'temperature', 'top_p', 'stop', 'seed', 'presence_penalty', 'frequency_penalty', 'response_format',
             'tools', 'tool_choice', 'echo', 'encoding_format', 'top_k', 'repeat_penalty', 'num_ctx', 'keep_alive',
             'reasoning_effort', 'think'],
)

import litellm.json.Json

// OpenAI parameter -> Ollama option
@groovy.transform.Field static final Map OPTIONS = [max_tokens: 'num_predict', temperature: 'temperature', top_p: 'top_p', stop: 'stop', seed: 'seed',
                                    presence_penalty: 'presence_penalty', frequency_penalty: 'frequency_penalty',
                                    top_k: 'top_k', repeat_penalty: 'repeat_penalty', num_ctx: 'num_ctx']

def request(Call call) {
    Map b = call.body
    if (call.isEmbedding()) return [url: "${call.apiBase}/api/embed", headers: auth(call), body: [model: call.model, input: b.input]]
    if (b.prompt instanceof List && b.prompt.size() > 1) throw LlmError.badRequest('ollama takes one prompt per request', 'prompt')
    if (call.stream && b.echo) throw LlmError.badRequest('ollama cannot echo the prompt on a stream', 'echo')
    Map body = [model: call.model]
    if (call.isChat()) body.messages = b.messages.collect { message(it) }
    else body.prompt = prompt(call)
    body.stream = call.stream  // Ollama streams unless told not to
    Map options = OPTIONS.findAll { k, v -> b[k] != null }.collectEntries { k, v -> [v, k == 'stop' && b.stop instanceof String ? [b.stop] : b[k]] }
    if (options) body.options = options
    if (b.response_format?.type == 'json_object') body.format = 'json'
    if (b.response_format?.type == 'json_schema') body.format = b.response_format.json_schema?.schema
    if (b.tools && b.tool_choice != 'none') body.tools = b.tools
    if (b.keep_alive != null) body.keep_alive = b.keep_alive
    def level = think(call.model, b)
    if (level != null) body.think = level
    [url: "${call.apiBase}/api/${call.isChat() ? 'chat' : 'generate'}", headers: auth(call), body: body]
}

// Not info(apiKeyEnv:): a local Ollama needs no key, and the core refuses a call to the default base without one.
private Map auth(Call call) {
    String key = call.apiKey ?: env('OLLAMA_API_KEY')
    key ? [Authorization: "Bearer ${key}"] : [:]
}

def response(Call call, body) {
    if (call.isEmbedding()) return embeddingResponse(call, body.embeddings, usage(body.prompt_eval_count ?: 0, 0))
    if (call.isCompletion()) return textResponse(call, (call.body.echo ? prompt(call) : '') + body.response, finishReason(body), usageOf(body))
    Map response = chatResponse(call, body.message.content, finishReason(body), usageOf(body))
    if (body.message.thinking) response.choices[0].message.reasoning_content = body.message.thinking
    if (body.message.tool_calls) {
        response.choices[0].message.tool_calls = toolCalls(body.message.tool_calls)
        response.choices[0].finish_reason = 'tool_calls'
    }
    response
}

def streamEvent(Call call, StreamEvent event) {
    Map e = event.map()
    if (e.error) return [error: [message: e.error, type: 'api_error']]
    String id = streamId(call)
    Map chunk
    if (call.isChat()) {
        Map m = e.message ?: [:], delta = firstEvent(call) ? [role: 'assistant'] : [:]
        if (m.thinking) {
            delta.reasoning_content = m.thinking
            if (m.content) delta.content = m.content
        } else {
            putText(call, delta, m.content ?: '')
        }
        if (m.tool_calls) { // calls come whole, in one event or several: their indexes run on across events
            int first = call.state.toolCalls ?: 0
            call.state.toolCalls = first + m.tool_calls.size()
            delta.tool_calls = toolCalls(m.tool_calls).withIndex().collect { c, i -> [index: first + i] + c }
        }
        String finish = !e.done ? null : call.state.toolCalls && finishReason(e) == 'stop' ? 'tool_calls' : finishReason(e)
        chunk = chatChunk(call, id, delta, finish)
    } else {
        chunk = textChunk(call, id, e.response ?: '', e.done ? finishReason(e) : null)
    }
    // A last event without counts (a server that speaks Ollama's API but counts nothing) gets no usage here: the core counts it
    e.done && call.includeUsage() && e.eval_count != null ? [chunk, OpenAiObjects.usageChunk(id, chunk.object, chunk.created, call.model, usageOf(e))] : chunk
}

// A streamed text as LiteLLM's ollama_chat/ takes it: <think> starts the reasoning and </think> ends it, both
// dropped; what comes between goes as reasoning_content deltas. A chunk that holds a tag is split where the tag is,
// as LiteLLM's newer parser does, so "step 3.</think>Answer" is reasoning, then content.
private static void putText(Call call, Map delta, String text) {
    Map state = call.state
    String reasoning = '', content = ''
    int open = state.thinkStarted ? -1 : text.indexOf('<think>')
    if (open >= 0) {
        content = text.substring(0, open)
        text = text.substring(open + '<think>'.length())
        state.thinkStarted = true
    }
    if (state.thinkStarted && !state.thinkFinished) {
        int close = text.indexOf('</think>')
        if (close < 0) reasoning = text
        else {
            reasoning = text.substring(0, close)
            content += text.substring(close + '</think>'.length())
            state.thinkFinished = true
        }
    } else content += text
    boolean thinking = state.thinkStarted && !state.thinkFinished
    if (reasoning || (thinking && !content)) delta.reasoning_content = reasoning
    if (content || !delta.containsKey('reasoning_content')) delta.content = content
}

// An OpenAI message as Ollama's: text content, images as base64, tool calls with object arguments.
private Map message(Map m) {
    Map out = [role: m.role, content: text(m.content)]
    List images = m.content instanceof List ? m.content.findAll { it.type == 'image_url' }.collect { base64(it.image_url?.url ?: it.image_url) } : []
    if (images) out.images = images
    if (m.tool_calls) out.tool_calls = m.tool_calls.collect { [function: [name: it.function.name, arguments: Json.parseObject(it.function.arguments ?: '{}')]] }
    if (m.reasoning_content) out.thinking = m.reasoning_content
    out
}

// Ollama's think: the request's own, else reasoning_effort (checked) as LiteLLM maps it; null without either.
private static think(String model, Map b) {
    String effort = b.reasoning_effort == null ? null : ReasoningEffort.of(b.reasoning_effort)
    b.think != null ? b.think : effort == null ? null : model.startsWith('gpt-oss') ? effort : effort in ['low', 'medium', 'high']
}

private String text(content) {
    content instanceof List ? content.findAll { it.type == 'text' }*.text.join('') : (content ?: '')
}

private String base64(String url) {
    if (!url?.startsWith('data:')) throw LlmError.badRequest('ollama takes images as base64 data URLs (data:image/png;base64,...)', 'messages')
    url.substring(url.indexOf(',') + 1)
}

private List toolCalls(List calls) {
    calls.collect {
        [id: it.id ?: OpenAiObjects.newId('call_'), type: 'function',
         function: [name: it.function.name, arguments: it.function.arguments instanceof String ? it.function.arguments : Json.text(it.function.arguments)]]
    }
}

// done_reason: stop, length (num_predict reached); absent before 2024.
private String finishReason(Map r) { r.done_reason == 'length' ? 'length' : 'stop' }

// prompt_eval_count is left out when the prompt was cached.
private Map usageOf(Map r) { usage(r.prompt_eval_count ?: 0, r.eval_count ?: 0) }
