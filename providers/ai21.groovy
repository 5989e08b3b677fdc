// AI21 Studio: Jurassic-2 complete (/studio/v1/{model}/complete) and Jamba chat completions
// (/studio/v1/chat/completions, OpenAI-like, SSE streams).
//   --model j2-ultra, j2-mid, j2-light, ai21/jamba-1.5-large                       (AI21_API_KEY)
// J2 models take a prompt (chat messages rendered with prompt(call)) and do not stream: the proxy
// cuts their answer into chunks. Usage for J2 counts the tokens the API lists.

import groovy.transform.Field

info(
    apiBase: 'https://api.ai21.com/studio/v1',
    apiBaseEnv: 'AI21_API_BASE',
    apiKeyEnv: 'AI21_API_KEY',
    stream: 'sse',
    endpoints: ['chat/completions', 'completions'],
    params: ['temperature', 'max_tokens', 'top_p', 'stop', 'n', 'presence_penalty', 'frequency_penalty'],
)

@Field static final Map J2_FINISH = [endoftext: 'stop', stop: 'stop', length: 'length']

boolean streams(Call call) { !j2(call) }

def request(Call call) {
    Map headers = call.apiKey ? [Authorization: "Bearer ${call.apiKey}"] : [:]
    Map b = call.body
    if (j2(call)) {
        Map body = [prompt          : prompt(call),
                    maxTokens       : b.max_tokens,
                    temperature     : b.temperature,
                    topP            : b.top_p,
                    numResults      : b.n,
                    stopSequences   : b.stop instanceof String ? [b.stop] : b.stop,
                    presencePenalty : b.presence_penalty == null ? null : [scale: b.presence_penalty],
                    frequencyPenalty: b.frequency_penalty == null ? null : [scale: b.frequency_penalty]]
        return [url: "${call.apiBase}/${call.model}/complete", headers: headers, body: body.findAll { it.value != null }]
    }
    List messages = call.isChat() ? b.messages : [[role: 'user', content: prompt(call)]]
    Map body = [model: call.model, messages: messages, max_tokens: b.max_tokens, temperature: b.temperature, top_p: b.top_p,
                stop: b.stop, n: b.n, stream: b.stream ?: null]
    [url: "${call.apiBase}/chat/completions", headers: headers, body: body.findAll { it.value != null }]
}

def response(Call call, body) {
    if (!j2(call)) return jambaResponse(call, body)
    long promptTokens = body.prompt?.tokens?.size() ?: 0
    long completionTokens = body.completions.sum { it.data.tokens?.size() ?: 0 }
    List texts = body.completions*.data*.text
    List finishes = body.completions.collect { J2_FINISH.getOrDefault(it.finishReason?.reason, 'stop') }
    Map response = call.isChat() ? chatResponse(call, texts[0], finishes[0], usage(promptTokens, completionTokens))
                                 : textResponse(call, texts[0], finishes[0], usage(promptTokens, completionTokens))
    response.choices = texts.withIndex().collect { text, i ->
        call.isChat() ? [index: i, message: [role: 'assistant', content: text], logprobs: null, finish_reason: finishes[i]]
                      : [text: text, index: i, logprobs: null, finish_reason: finishes[i]]
    }
    response
}

// Jamba chunks are OpenAI's without object, created and model; usage is null until the last one.
def streamEvent(Call call, StreamEvent event) {
    Map chunk = [id: event.json.id, object: 'chat.completion.chunk', created: OpenAiObjects.now(), model: call.model,
                 choices: event.json.choices]
    if (event.json.usage && call.includeUsage()) chunk.usage = event.json.usage
    chunk
}

private Map jambaResponse(Call call, Map body) {
    if (call.isChat())
        return [id: body.id, object: 'chat.completion', created: OpenAiObjects.now(), model: call.model, choices: body.choices, usage: body.usage]
    Map response = textResponse(call, body.choices[0].message.content, body.choices[0].finish_reason, body.usage)
    response.id = body.id
    response
}

private boolean j2(Call call) {
    call.model.startsWith('j2-') || call.model.startsWith('j1-')
}
