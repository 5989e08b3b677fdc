// Google's Gemini API (generativelanguage v1beta): generateContent, streamGenerateContent
// (alt=sse) and embedContent / batchEmbedContents.
//   --model gemini-pro, gemini/gemini-1.5-flash, gemini/text-embedding-004      (GEMINI_API_KEY)
// The key goes in the x-goog-api-key header, never in the URL, so that it stays out of access
// logs (and --debug masks it). Roles user/assistant -> user/model, system -> systemInstruction.

import groovy.transform.Field
import litellm.template.PromptTemplates

info(
    apiBase: 'https://generativelanguage.googleapis.com/v1beta',
    apiKeyEnv: 'GEMINI_API_KEY',
    stream: 'sse',
    endpoints: ['chat/completions', 'embeddings'],
    params: ['temperature', 'max_tokens', 'max_completion_tokens', 'top_p', 'top_k', 'stop', 'n', 'presence_penalty',
             'frequency_penalty', 'seed', 'response_format', 'encoding_format'],
)

@Field static final Map FINISH = [STOP: 'stop', MAX_TOKENS: 'length', SAFETY: 'content_filter', RECITATION: 'content_filter',
                           BLOCKLIST: 'content_filter', PROHIBITED_CONTENT: 'content_filter', SPII: 'content_filter']

def request(Call call) {
    Map headers = call.apiKey ? ['x-goog-api-key': call.apiKey] : [:]
    String model = "${call.apiBase}/models/${call.model}"
    if (call.isEmbedding()) {
        List inputs = call.body.input instanceof List ? call.body.input : [call.body.input]
        List requests = inputs.collect { [model: "models/${call.model}", content: [parts: [[text: it.toString()]]]] }
        return inputs.size() == 1 ? [url: "${model}:embedContent", headers: headers, body: requests[0]]
                                  : [url: "${model}:batchEmbedContents", headers: headers, body: [requests: requests]]
    }
    String url = call.stream ? "${model}:streamGenerateContent?alt=sse" : "${model}:generateContent"
    [url: url, headers: headers, body: contents(call.body.messages) + [generationConfig: generationConfig(call.body)].findAll { it.value }]
}

def response(Call call, body) {
    if (call.isEmbedding()) {
        List vectors = body.embeddings ? body.embeddings*.values : [body.embedding.values]
        return embeddingResponse(call, vectors, usage(0, 0))
    }
    checkNotBlocked(body)
    Map response = chatResponse(call, text(body.candidates[0]), finishReason(body.candidates[0]), usageOf(body))
    response.choices = body.candidates.withIndex().collect { c, i ->
        [index: i, message: [role: 'assistant', content: text(c)], logprobs: null, finish_reason: finishReason(c)]
    }
    response
}

// Each event is a whole GenerateContentResponse carrying only the new text.
def streamEvent(Call call, StreamEvent event) {
    Map body = event.json
    if (body.error) return [error: [message: body.error.message, type: 'api_error', code: body.error.status]]
    if (body.promptFeedback?.blockReason) return [error: blocked(body).body().error]
    Map candidate = body.candidates ? body.candidates[0] : [:]
    String id = streamId(call)
    Map chunk = chatChunk(call, id, delta(call, text(candidate)), finishReason(candidate))
    if (!candidate.finishReason || !call.includeUsage() || !body.usageMetadata) return chunk
    [chunk, OpenAiObjects.usageChunk(id, 'chat.completion.chunk', chunk.created, call.model, usageOf(body))]
}

// Gemini wants alternating user/model turns: consecutive messages of one role become one turn.
private Map contents(List messages) {
    List system = messages.findAll { it.role == 'system' }.collect { [text: PromptTemplates.text(it.content)] }
    List turns = []
    messages.findAll { it.role != 'system' }.each { m ->
        String role = m.role == 'assistant' ? 'model' : 'user'
        Map part = [text: PromptTemplates.text(m.content)]
        if (turns && turns[-1].role == role) turns[-1].parts << part
        else turns << [role: role, parts: [part]]
    }
    system ? [contents: turns, systemInstruction: [parts: system]] : [contents: turns]
}

private Map generationConfig(Map body) {
    [maxOutputTokens : body.max_completion_tokens ?: body.max_tokens,
     temperature     : body.temperature,
     topP            : body.top_p,
     topK            : body.top_k,
     stopSequences   : body.stop instanceof String ? [body.stop] : body.stop,
     candidateCount  : body.n,
     presencePenalty : body.presence_penalty,
     frequencyPenalty: body.frequency_penalty,
     seed            : body.seed,
     responseMimeType: body.response_format?.type in ['json_object', 'json_schema'] ? 'application/json' : null,
    ].findAll { it.value != null }
}

private String text(Map candidate) {
    candidate?.content?.parts?.findResults { it.text }?.join('') ?: ''
}

private String finishReason(Map candidate) {
    candidate?.finishReason ? FINISH.getOrDefault(candidate.finishReason, 'stop') : null
}

private Map usageOf(Map body) {
    Map u = body.usageMetadata ?: [:]
    usage(u.promptTokenCount ?: 0, u.candidatesTokenCount ?: 0)
}

// A blocked prompt comes back as HTTP 200 with no candidates.
private void checkNotBlocked(Map body) {
    if (!body.candidates) throw blocked(body)
}

private LlmError blocked(Map body) {
    String reason = body.promptFeedback?.blockReason ?: 'no candidates'
    new LlmError(400, 'invalid_request_error', "gemini blocked the prompt: ${reason}", null, 'content_filter', null)
}

private Map delta(Call call, String text) {
    firstEvent(call) ? [role: 'assistant', content: text] : [content: text]
}
