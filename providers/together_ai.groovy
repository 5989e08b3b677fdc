// Together AI's OpenAI-compatible API (https://api.together.xyz/v1): chat, completions, embeddings, and rerank
// (/v1/rerank: LiteLLM's Cohere-format request as it is, its answer's results passed on).
//   --model together_ai/mistralai/Mixtral-8x7B-Instruct-v0.1          (TOGETHER_API_KEY)
// The key: the deployment's api_key, else the first set of LiteLLM's TOGETHER_API_KEY, TOGETHER_AI_API_KEY,
// TOGETHERAI_API_KEY, TOGETHER_AI_TOKEN; none is a 401 before any call.
// Mostly passed through; its quirks are mended: finish_reason "eos" -> "stop"; logprobs
// {tokens, token_logprobs} -> OpenAI's shapes; stream chunks lose the extra text/token_id/seed
// fields, "completion.chunk" becomes "text_completion", and the usage Together puts on the last
// chunk becomes a separate usage chunk when the client asked for one (stream_options.include_usage).

info(
    apiBase: 'https://api.together.xyz/v1',
    apiBaseEnv: 'TOGETHER_AI_API_BASE',
    stream: 'sse',
    endpoints: ['chat/completions', 'completions', 'embeddings', 'rerank'],
)

def request(Call call) {
    [url    : "${call.apiBase}/${call.endpoint.path}",
     headers: [Authorization: "Bearer ${key(call)}"],
     body   : [model: call.model] + call.body.findAll { k, v -> k != 'stream_options' && (call.stream || k != 'stream') }]
}

@groovy.transform.Field static final List KEYS = ['TOGETHER_API_KEY', 'TOGETHER_AI_API_KEY', 'TOGETHERAI_API_KEY', 'TOGETHER_AI_TOKEN']

private String key(Call call) {
    String key = call.apiKey ?: KEYS.findResult { env(it) }
    if (!key) throw LlmError.authentication("no API key for together_ai: set TOGETHER_API_KEY (or ${KEYS.drop(1).join(', ')}) or the deployment's api_key")
    key
}

def response(Call call, body) {
    if (call.isEmbedding() || call.endpoint == Endpoint.RERANK) return body
    body.choices.each { c ->
        c.finish_reason = finishReason(c.finish_reason)
        if (c.logprobs) c.logprobs = logprobs(call, c.logprobs)
    }
    body.findAll { k, v -> k != 'prompt' }
}

def streamEvent(Call call, StreamEvent event) {
    Map e = event.map()
    if (e.error) return e
    Map chunk = e.findAll { k, v -> k != 'usage' } + [object: call.isChat() ? 'chat.completion.chunk' : 'text_completion']
    chunk.choices = e.choices.collect { c ->
        Map choice = [index: c.index ?: 0]
        if (call.isChat()) choice.delta = c.delta.findAll { k, v -> k in ['role', 'content', 'tool_calls'] && v != null }
        else choice.text = c.text
        choice + [logprobs: null, finish_reason: finishReason(c.finish_reason)]
    }
    e.usage && call.includeUsage() ? [chunk, OpenAiObjects.usageChunk(chunk.id, chunk.object, chunk.created, chunk.model, e.usage)] : chunk
}

private String finishReason(String together) { together == 'eos' ? 'stop' : together }

private Map logprobs(Call call, Map l) {
    if (l.tokens == null) return l
    if (call.isChat())
        return [content: [l.tokens, l.token_logprobs].transpose().collect { t, p -> [token: t, logprob: p, bytes: t.getBytes('UTF-8').collect { it & 0xff }, top_logprobs: []] }]
    List offsets = []
    l.tokens.inject(0) { at, t -> offsets << at; at + t.length() }
    [tokens: l.tokens, token_logprobs: l.token_logprobs, top_logprobs: null, text_offset: offsets]
}
