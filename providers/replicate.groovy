// Replicate predictions: create one, then poll it until it ends, or stream it from its stream URL.
//   --model replicate/meta/llama-2-70b-chat:02e509c7...  a version: POST /v1/predictions {version, input}
//   --model replicate/meta/llama-2-70b-chat              the model's latest: POST /v1/models/meta/llama-2-70b-chat/predictions
// REPLICATE_API_KEY, sent as a Bearer token. The input is the prompt (chat messages through the
// model's prompt template) and llama-style names: max_new_tokens, temperature, top_p, top_k, seed,
// repetition_penalty, stop_sequences (comma-separated). Without stream the proxy polls urls.get
// (every 0.25 s, growing to 2 s) within request_timeout, and cancels a prediction still running
// at the deadline; a failed or canceled prediction is an error with Replicate's message.

info(
    apiBase: 'https://api.replicate.com/v1',
    apiBaseEnv: 'REPLICATE_API_BASE',
    apiKeyEnv: 'REPLICATE_API_KEY',
    stream: 'sse',
    endpoints: ['chat/completions', 'completions'],
    params: ['max_tokens', 'temperature', 'top_p', 'seed', 'stop', 'top_k', 'repetition_penalty'],
)

@groovy.transform.Field static final List DONE = ['succeeded', 'failed', 'canceled', 'aborted']

def request(Call call) {
    if (call.body.prompt instanceof List && call.body.prompt.size() > 1) throw LlmError.badRequest('replicate takes one prompt per request', 'prompt')
    Map create = create(call)
    if (!call.stream) return create   // response() polls the prediction this creates
    Map prediction = call.send(create)
    if (!prediction.urls?.stream) {
        cancel(call, prediction)
        throw LlmError.badRequest("replicate model ${call.model} does not stream; send the request without stream", 'stream')
    }
    [url: prediction.urls.stream, method: 'GET', headers: auth(call) + [Accept: 'text/event-stream', 'Cache-Control': 'no-store']]
}

def response(Call call, body) {
    Map prediction = poll(call, body)
    if (prediction.status != 'succeeded')
        throw new LlmError(500, 'api_error', "replicate prediction ${prediction.id} ${prediction.status}" + (prediction.error ? ": ${prediction.error}" : ''), null, "prediction_${prediction.status}", null)
    def output = prediction.output
    String text = output instanceof List ? output.join('') : (output ?: '')
    Map m = prediction.metrics ?: [:]
    Map usage = usage(m.input_token_count ?: estimateTokens(prompt(call)), m.output_token_count ?: (output instanceof List ? output.size() : estimateTokens(text)))
    call.isChat() ? chatResponse(call, text, 'stop', usage) : textResponse(call, text, 'stop', usage)
}

// SSE events: output (raw text), logs, error ({"detail"}), done ({} or {"reason"}).
def streamEvent(Call call, StreamEvent event) {
    switch (event.event) {
        case 'output': return chunk(call, event.data, null)
        case 'error': return [error: [message: event.map().detail ?: event.data, type: 'api_error']]
        case 'done':
            String reason = event.map().reason
            return reason ? [error: [message: "replicate prediction ended: ${reason}", type: 'api_error']] : chunk(call, '', 'stop')
        default: return null
    }
}

private Map auth(Call call) { [Authorization: "Bearer ${call.apiKey}"] }

private Map create(Call call) {
    Map b = call.body
    Map input = [prompt: prompt(call)]
    if (b.max_tokens != null) input.max_new_tokens = b.max_tokens
    ['temperature', 'top_p', 'top_k', 'seed', 'repetition_penalty'].each { if (b[it] != null) input[it] = b[it] }
    if (b.stop) input.stop_sequences = b.stop instanceof List ? b.stop.join(',') : b.stop
    int colon = call.model.indexOf(':')
    Map body = colon > 0 ? [version: call.model.substring(colon + 1), input: input] : [input: input]
    if (call.stream) body.stream = true
    String url = colon > 0 ? "${call.apiBase}/predictions" : "${call.apiBase}/models/${call.model}/predictions"
    [url: url, headers: auth(call), body: body]
}

// Polls until the prediction ends; at the deadline it is canceled and the request times out.
private Map poll(Call call, Map prediction) {
    long wait = 250
    while (!(prediction.status in DONE)) {
        if (call.timeLeft().toMillis() < wait + 500) {   // keep time to cancel
            cancel(call, prediction)
            throw LlmError.timeout("replicate prediction ${prediction.id} did not finish within request_timeout; it was canceled")
        }
        Thread.sleep(wait)
        wait = Math.min((long) (wait * 1.5), 2000L)
        prediction = call.send(url: prediction.urls?.get ?: "${call.apiBase}/predictions/${prediction.id}", method: 'GET', headers: auth(call))
    }
    prediction
}

private void cancel(Call call, Map prediction) {
    try {
        call.send(url: prediction.urls?.cancel ?: "${call.apiBase}/predictions/${prediction.id}/cancel", method: 'POST', headers: auth(call))
    } catch (LlmError ignored) {
        // the prediction may have ended meanwhile, or the deadline passed: nothing more to do
    }
}

private Map chunk(Call call, String text, String finish) {
    Map delta = finish ? [:] : (firstEvent(call) ? [role: 'assistant'] : [:]) + [content: text]
    call.isChat() ? chatChunk(call, streamId(call), delta, finish)
                  : textChunk(call, streamId(call), text, finish)
}
