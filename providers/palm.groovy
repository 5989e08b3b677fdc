// Google's PaLM API (generativelanguage v1beta2): chat-bison via generateMessage, text-bison via
// generateText (chat messages rendered with prompt(call)).
//   --model chat-bison, text-bison, palm/chat-bison-001                          (PALM_API_KEY)
// The key goes in the ?key= query parameter, as PaLM clients sent it (--debug masks it).
// PaLM does not stream (the proxy cuts answers into chunks) and reports no token usage.
// A blocked prompt or answer (filters, no candidates) ends with finish_reason content_filter.

import litellm.template.PromptTemplates

info(
    apiBase: 'https://generativelanguage.googleapis.com/v1beta2',
    apiKeyEnv: 'PALM_API_KEY',
    stream: 'none',
    endpoints: ['chat/completions', 'completions'],
    params: ['temperature', 'max_tokens', 'top_p', 'top_k', 'n', 'stop'],
)

def request(Call call) {
    String key = call.apiKey ? "?key=${URLEncoder.encode(call.apiKey, 'UTF-8')}" : ''
    Map b = call.body
    Map sampling = [temperature: b.temperature, candidateCount: b.n, topP: b.top_p, topK: b.top_k]
    if (chatModel(call)) {
        Map body = [prompt: messagePrompt(call.isChat() ? b.messages : [[role: 'user', content: prompt(call)]])] + sampling
        return [url: "${modelUrl(call)}:generateMessage${key}", body: body.findAll { it.value != null }]
    }
    Map body = [prompt: [text: prompt(call)]] + sampling +
               [maxOutputTokens: b.max_tokens, stopSequences: b.stop instanceof String ? [b.stop] : b.stop]
    [url: "${modelUrl(call)}:generateText${key}", body: body.findAll { it.value != null }]
}

def response(Call call, body) {
    // Chat candidates carry `content`, text candidates `output`; blocked answers have none.
    List texts = body.candidates ? body.candidates.collect { it.content ?: it.output ?: '' } : ['']
    String finish = body.candidates ? 'stop' : 'content_filter'
    Map response = call.isChat() ? chatResponse(call, texts[0], finish, usage(0, 0)) : textResponse(call, texts[0], finish, usage(0, 0))
    response.choices = texts.withIndex().collect { text, i ->
        call.isChat() ? [index: i, message: [role: 'assistant', content: text], logprobs: null, finish_reason: finish]
                      : [text: text, index: i, logprobs: null, finish_reason: finish]
    }
    response
}

// System messages become the context; the others alternate between authors "0" (user) and "1" (model).
private Map messagePrompt(List messages) {
    String context = messages.findAll { it.role == 'system' }.collect { PromptTemplates.text(it.content) }.join('\n')
    List turns = messages.findAll { it.role != 'system' }.collect {
        [author: it.role == 'assistant' ? '1' : '0', content: PromptTemplates.text(it.content)]
    }
    context ? [context: context, examples: [], messages: turns] : [messages: turns]
}

private boolean chatModel(Call call) {
    call.model.startsWith('chat-')
}

// Bare family names are served by their first version: chat-bison -> models/chat-bison-001.
private String modelUrl(Call call) {
    String model = call.model ==~ /.*-\d{3}$/ ? call.model : "${call.model}-001"
    "${call.apiBase}/models/${model}"
}
