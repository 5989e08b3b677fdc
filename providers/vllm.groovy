// vLLM. Its OpenAI-compatible server (vllm serve / python -m vllm.entrypoints.openai.api_server),
// passed through as for openai: chat, completions (logprobs, echo), embeddings, streams.
//   --model vllm/Qwen/Qwen3-8B --api_base http://gpu-box:8000       (/v1 is added when the base lacks it)
// Its legacy demo server (python -m vllm.entrypoints.api_server) when the api_base ends in /generate:
//   --model vllm/meta-llama/Llama-2-7b-chat-hf --api_base http://gpu-box:8000/generate
// It takes {prompt, stream, <sampling params>} and answers {"text": [prompt + completion, ...]}, with no
// usage (estimated) and no finish reason; chat messages go through the model's prompt template.
// Streams from it are its whole answer cut into chunks (its own stream is cumulative JSON, NUL- or
// newline-separated, with no finish reason).
// VLLM_API_KEY, when set, is sent as a Bearer token (servers started with --api-key).

info(
    apiBaseEnv: 'HOSTED_VLLM_API_BASE', // LiteLLM's name for a vLLM server's base
    apiKeyEnv: 'VLLM_API_KEY',
    stream: 'sse',
    endpoints: ['chat/completions', 'completions', 'embeddings'],
)

// Fields of an OpenAI request that are not sampling parameters of the legacy server.
@groovy.transform.Field static final List NOT_SAMPLING = ['messages', 'prompt', 'stream', 'stream_options', 'echo', 'user']

def request(Call call) {
    Map headers = call.apiKey ? [Authorization: "Bearer ${call.apiKey}"] : [:]
    if (!legacy(call)) {
        String base = call.apiBase.endsWith('/v1') ? call.apiBase : "${call.apiBase}/v1"
        Map body = call.stream ? call.body : call.body.findAll { k, v -> k != 'stream' && k != 'stream_options' }
        return [url: "${base}/${call.endpoint.path}", headers: headers, body: [model: call.model] + body]
    }
    if (call.isEmbedding()) throw LlmError.badRequest("vLLM's legacy /generate server has no embeddings", 'input')
    if (call.body.prompt instanceof List && call.body.prompt.size() > 1) throw LlmError.badRequest("vLLM's legacy /generate server takes one prompt", 'prompt')
    [url: call.apiBase, headers: headers, body: [prompt: prompt(call), stream: false] + call.body.findAll { k, v -> !(k in NOT_SAMPLING) }]
}

def response(Call call, body) {
    if (!legacy(call)) return body
    String prompt = prompt(call)
    // Each text starts with the prompt.
    List texts = body.text.collect { it.startsWith(prompt) ? it.substring(prompt.length()) : it }
    Map usage = usage(estimateTokens(prompt), texts.sum { estimateTokens(it) } as long)
    Map response = call.isChat() ? chatResponse(call, '', 'stop', usage) : textResponse(call, '', 'stop', usage)
    response.choices = texts.withIndex().collect { text, i ->
        call.isChat() ? chatResponse(call, text, 'stop', null).choices[0] + [index: i]
                      : textResponse(call, (call.body.echo ? prompt : '') + text, 'stop', null).choices[0] + [index: i]
    }
    response
}

def streamEvent(Call call, StreamEvent event) { event.json }

boolean streams(Call call) { !legacy(call) }

private boolean legacy(Call call) { call.apiBase.endsWith('/generate') }
