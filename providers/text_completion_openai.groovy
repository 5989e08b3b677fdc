// LiteLLM's text-completion-openai/: OpenAI's Completions API (/v1/completions) for every call, chat included, for
// the models that have no chat API (gpt-3.5-turbo-instruct, davinci-002, babbage-002).
//   --model text-completion-openai/gpt-3.5-turbo-instruct           (OPENAI_API_KEY)
// A chat goes as LiteLLM sends it: one message's text is the prompt; several messages' texts are a list of prompts
// (one choice each). Each choice's text comes back as the assistant's message, streamed as chat chunks.
// /completions is passed through as the openai script passes it.

info(
    apiBase: 'https://api.openai.com/v1',
    apiBaseEnv: ['OPENAI_BASE_URL', 'OPENAI_API_BASE'],
    apiKeyEnv: 'OPENAI_API_KEY',
    stream: 'sse',
    endpoints: ['chat/completions', 'completions'],
)

def request(Call call) {
    Map body = call.body.findAll { k, v -> k != 'messages' && (call.stream || (k != 'stream' && k != 'stream_options')) }
    if (call.isChat()) {
        List texts = call.body.messages.collect { text(it.content) }
        body.prompt = texts.size() == 1 ? texts[0] : texts
    }
    [url    : "${call.apiBase}/completions",
     headers: call.apiKey ? [Authorization: "Bearer ${call.apiKey}"] : [:],
     body   : [model: call.model] + body]
}

def response(Call call, body) {
    if (!call.isChat()) return body
    Map chat = chatResponse(call, '', 'stop', body.usage)
    chat.id = body.id ?: chat.id
    chat.choices = body.choices.collect { c ->
        [index: c.index ?: 0, message: [role: 'assistant', content: c.text], logprobs: c.logprobs, finish_reason: c.finish_reason]
    }
    chat
}

def streamEvent(Call call, StreamEvent event) {
    if (!call.isChat()) return event
    Map e = event.map()
    if (e.error) return e
    Map chunk = [id: e.id, object: 'chat.completion.chunk', created: e.created, model: e.model]
    chunk.choices = (e.choices ?: []).collect { c ->
        [index: c.index ?: 0, delta: (firstEvent(call) ? [role: 'assistant'] : [:]) + [content: c.text ?: ''], logprobs: null,
         finish_reason: c.finish_reason]
    }
    if (e.usage) chunk.usage = e.usage
    chunk
}

// A message's content as text: a list of parts gives its text parts joined, as LiteLLM's convert_content_list_to_str.
private static String text(content) {
    content instanceof List ? content.findAll { it.type == 'text' }*.text.join('') : (content ?: '')
}
