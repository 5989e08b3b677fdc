// OpenAI, and any server that speaks its API: vLLM, llama.cpp's server, LM Studio, LocalAI...
//   --model gpt-3.5-turbo                                    (OPENAI_API_KEY)
//   --model openai/my-model --api_base http://localhost:8001/v1
// Requests and responses are OpenAI's own, so they pass through: chat, completions (logprobs,
// echo), embeddings (float and base64), streams with stream_options.include_usage, the Responses
// API (/responses, its events relayed as they come), images, audio (transcriptions and translations
// as multipart uploads, speech's bytes relayed as they come) and moderations. A catalogue entry that
// lists rerank gets the client's Cohere-format body at <base>/rerank (Jina, vLLM) and its answer back.
// It also serves the OpenAI-compatible providers of providers/openai-compatible.yaml
// (--model groq/llama3-70b-8192, mistral/mistral-tiny, ...), each with its own base URL and key.

info(
    apiBase: 'https://api.openai.com/v1',
    apiBaseEnv: ['OPENAI_BASE_URL', 'OPENAI_API_BASE'],
    apiKeyEnv: 'OPENAI_API_KEY',
    stream: 'sse',
    endpoints: ['chat/completions', 'completions', 'embeddings', 'responses', 'images/generations',
                'audio/transcriptions', 'audio/translations', 'audio/speech', 'moderations'],
)

def request(Call call) {
    if (!call.endpoint.takesModelParams()) return operation(call)
    Map body = [model: call.model] + withoutStreamFlag(call)
    [url    : "${call.apiBase}/${call.endpoint.path}",
     headers: call.apiKey ? [Authorization: "Bearer ${call.apiKey}"] : [:],
     body   : isReasoningModel(call.model) ? withMaxCompletionTokens(body) : body]
}

// No response hook: answers are OpenAI's already, so a long one passes to the client as it arrives, never held whole.

// Images, audio, moderations and rerank: the client's body as it came, with the deployment's model; an
// audio upload as the multipart form it came as.
private Map operation(Call call) {
    Map body = [model: call.model] + call.body
    // an api_base that already ends in /rerank is the whole URL, as LiteLLM takes it for vLLM
    String url = call.apiBase.endsWith("/${call.endpoint.path}") ? call.apiBase : "${call.apiBase}/${call.endpoint.path}"
    [url    : url,
     headers: call.apiKey ? [Authorization: "Bearer ${call.apiKey}"] : [:],
     body   : call.endpoint.multipart() ? form(body) : body]
}

def streamEvent(Call call, StreamEvent event) {
    // Groq puts the stream's usage in x_groq.usage of its last chunk: lift it where OpenAI clients look.
    if (call.includeUsage() && event.data.contains('"x_groq"')) {
        Map chunk = event.json
        if (chunk.x_groq?.usage && !chunk.usage) chunk.usage = chunk.x_groq.usage
        return chunk
    }
    event // already an OpenAI chunk: relayed as it came
}

// OpenAI's reasoning models (o1, o3, o4-mini, gpt-5...) get max_tokens as max_completion_tokens (so --max_tokens
// works with them too); other models, and the servers behind openai/<model> --api_base, keep max_tokens.
private static boolean isReasoningModel(String model) {
    (model.startsWith('o') && model.length() > 1 && Character.isDigit(model.charAt(1))) || model.startsWith('gpt-5')
}

// OpenAI refuses stream_options on non-streamed requests; "stream": false is only noise.
private Map withoutStreamFlag(Call call) {
    call.stream ? call.body : call.body.findAll { k, v -> k != 'stream' && k != 'stream_options' }
}
