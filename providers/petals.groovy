// Petals swarms through the chat.petals.dev HTTP API: POST /api/v1/generate, form-encoded.
//   --model petals/petals-team/StableBeluga2                                   https://chat.petals.dev
//   --model petals/meta-llama/Llama-2-70b-chat-hf --api_base http://localhost:5000   your own chat.petals.dev
// No key. Chat messages go through the model's prompt template. max_tokens -> max_new_tokens
// (256 when not given: the server needs a length); temperature/top_p/top_k sample (do_sample=1),
// temperature 0 or none is greedy. The API has no stop sequences, finish reason, usage or stream:
// the proxy cuts at stop strings and at </s> (finish "stop", else "length"), estimates usage, and
// streams the whole answer in pieces. Failures come as HTTP 200 {"ok": false, "traceback"}.

info(
    apiBase: 'https://chat.petals.dev',
    stream: 'none',
    endpoints: ['chat/completions', 'completions'],
    params: ['max_tokens', 'temperature', 'top_p', 'top_k', 'stop'],
)

def request(Call call) {
    if (call.body.prompt instanceof List && call.body.prompt.size() > 1) throw LlmError.badRequest('petals takes one prompt per request', 'prompt')
    Map b = call.body
    Map fields = [model: call.model, inputs: prompt(call)]
    if (b.temperature || b.top_p != null || b.top_k != null) {
        fields.do_sample = 1
        ['temperature', 'top_p', 'top_k'].each { if (b[it] != null && !(it == 'temperature' && b[it] == 0)) fields[it] = b[it] }
    }
    fields.max_new_tokens = b.max_tokens ?: 256
    [url    : "${call.apiBase}/api/v1/generate",
     headers: ['Content-Type': 'application/x-www-form-urlencoded'],
     body   : fields.collect { k, v -> "${k}=${URLEncoder.encode(v.toString(), 'UTF-8')}" }.join('&')]
}

def response(Call call, body) {
    if (!body.ok) throw new LlmError(502, 'api_error', "petals failed: ${body.traceback?.trim()?.readLines()?.last() ?: body}", null, 'petals_error', null)
    String text = body.outputs
    List stops = ['</s>'] + (call.body.stop instanceof List ? call.body.stop : call.body.stop ? [call.body.stop] : [])
    Integer cut = stops.collect { text.indexOf(it) }.findAll { it >= 0 }.min()
    String finish = cut != null ? 'stop' : 'length'
    if (cut != null) text = text.substring(0, cut)
    Map usage = usage(estimateTokens(prompt(call)), estimateTokens(text))
    call.isChat() ? chatResponse(call, text, finish, usage) : textResponse(call, text, finish, usage)
}
