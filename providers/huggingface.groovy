// Hugging Face text generation: Text Generation Inference (TGI) servers, Inference Endpoints, and the
// serverless Inference API.
//   --model huggingface/mistralai/Mistral-7B-Instruct-v0.1       serverless Inference API: POST <base>/<repo>
//   --model huggingface/meta-llama/Llama-2-7b-chat-hf --api_base https://xyz.endpoints.huggingface.cloud
//   --model huggingface/tgi --api_base http://0.0.0.0:8001       a local TGI: POST /generate, /generate_stream
// An api_base whose path ends in /models is Inference-API style (the default one is). Chat messages
// become one prompt through the model's prompt template. With the deployment setting
// use_messages_api: true, requests go to TGI's OpenAI-compatible /v1/chat/completions and
// /v1/completions (TGI >= 1.4 / 2.0) and pass through as for openai.
// HUGGINGFACE_API_KEY, when set, is sent as a Bearer token (required for the default serverless base).
//
// /completions: a string or a list of prompts (one /generate each), echo, and logprobs from TGI's
// token details. echo + logprobs + max_tokens 0 (lm-evaluation-harness loglikelihood) scores the
// prompt: TGI generates one token (it refuses 0), the proxy drops it and returns the prompt's
// tokens and logprobs (decoder_input_details). TGI gives no alternatives for prompt tokens, so
// their top_logprobs list only the token itself.
// Rerank (/rerank) goes to a Text Embeddings Inference server's /rerank at the deployment's api_base.

info(
    apiBase: 'https://api-inference.huggingface.co/models',
    apiBaseEnv: ['HF_API_BASE', 'HUGGINGFACE_API_BASE'],
    apiKeyEnv: 'HUGGINGFACE_API_KEY',
    stream: 'sse',
    endpoints: ['chat/completions', 'completions', 'rerank'],
    params: ['max_tokens', 'temperature', 'top_p', 'stop', 'n', 'best_of', 'seed', 'echo', 'logprobs', 'top_logprobs',
             'top_k', 'repetition_penalty', 'typical_p', 'truncate', 'watermark'],
)

def request(Call call) {
    if (call.endpoint == Endpoint.RERANK) return teiRerank(call)
    if (messagesApi(call)) return [url: "${call.apiBase}/v1/${call.endpoint.path}", headers: auth(call), body: [model: call.model] + call.body]
    check(call)
    generate(call, prompt(call))
}

def response(Call call, body) {
    if (call.endpoint == Endpoint.RERANK) return rerankResponse(call, body)
    if (messagesApi(call)) return body
    List prompts = prompts(call)
    // One /generate per prompt: the first is the core's call, the others follow it.
    List results = [first(body)] + prompts.drop(1).collect { first(call.send(generate(call, it))) }
    List choices = []
    long promptTokens = 0, completionTokens = 0
    results.eachWithIndex { r, i ->
        // TGI counts the prompt's tokens only in decoder_input_details' prefill; otherwise an estimate
        promptTokens += r.details?.prefill ? r.details.prefill.size() : estimateTokens(prompts[i])
        sequences(r).each { seq ->
            completionTokens += scoringOnly(call) ? 0 : (seq.details?.generated_tokens ?: 0)
            choices << choice(call, prompts[i], seq, r.details?.prefill)
        }
    }
    Map response = call.isChat() ? chatResponse(call, '', 'stop', usage(promptTokens, completionTokens))
                                 : textResponse(call, '', 'stop', usage(promptTokens, completionTokens))
    response.choices = choices.withIndex().collect { c, i -> c + [index: i] }
    response
}

def streamEvent(Call call, StreamEvent event) {
    if (messagesApi(call)) return event.map().object == 'text_completion' && call.isChat() ? event.map() + [object: 'chat.completion.chunk'] : event.json
    Map e = event.map()
    if (e.error) return [error: [message: e.error, type: 'api_error', code: e.error_type]]
    String text = e.token?.special ? '' : (e.token?.text ?: '')
    String finish = e.details ? finishReason(e.details.finish_reason) : null
    String id = streamId(call)
    Map chunk = call.isChat()
        ? chatChunk(call, id, (e.index in [null, 1] ? [role: 'assistant'] : [:]) + [content: text], finish)
        : textChunk(call, id, text, finish)
    if (call.body.logprobs && e.token) chunk.choices[0].logprobs = logprobs(call, [e.token], [e.top_tokens], 0)
    if (!e.details || !call.includeUsage()) return chunk
    Map usage = usage(e.details.input_length ?: estimateTokens(prompt(call)), e.details.generated_tokens ?: 0)
    [chunk, OpenAiObjects.usageChunk(id, chunk.object, chunk.created, call.model, usage)]
}

// A model still loading on the Inference API: 503 with its estimated time as Retry-After.
def errorMessage(Call call, int status, body) {
    if (status == 503 && body instanceof Map && body.estimated_time instanceof Number)
        throw new LlmError(503, 'api_error', "${body.error}; estimated time ${body.estimated_time} s", null, 'model_loading',
            String.valueOf(Math.ceil(body.estimated_time as double) as long))
    super.errorMessage(call, status, body)
}

private boolean messagesApi(Call call) { call.params.use_messages_api in [true, 'true'] }

private boolean inferenceApi(Call call) { new URI(call.apiBase).path.endsWith('/models') }

private Map auth(Call call) { call.apiKey ? [Authorization: "Bearer ${call.apiKey}"] : [:] }

private Map generate(Call call, String inputs) {
    String url = inferenceApi(call) ? "${call.apiBase}/${call.model}" : "${call.apiBase}/${call.stream ? 'generate_stream' : 'generate'}"
    Map body = [inputs: inputs, parameters: parameters(call)]
    if (inferenceApi(call)) body.stream = call.stream
    [url: url, headers: auth(call), body: body]
}

// OpenAI parameters as TGI's: temperature 0 is greedy decoding (TGI wants temperature > 0), top_p
// must be below 1, n samples are best_of sequences.
private Map parameters(Call call) {
    Map b = call.body
    Map p = [:]
    if (b.max_tokens != null) p.max_new_tokens = scoringOnly(call) ? 1 : b.max_tokens
    if (b.temperature == 0) p.do_sample = false
    else if (b.temperature != null) p += [temperature: b.temperature, do_sample: true]
    if (b.top_p != null && b.top_p > 0 && b.top_p < 1) p.top_p = b.top_p
    if (b.stop) p.stop = b.stop instanceof List ? b.stop : [b.stop]
    int n = Math.max((b.n ?: 1) as int, (b.best_of ?: 1) as int)
    if (n > 1) p += [best_of: n, do_sample: true]
    ['seed', 'top_k', 'repetition_penalty', 'typical_p', 'truncate', 'watermark'].each { if (b[it] != null) p[it] = b[it] }
    int top = topLogprobs(call)
    if (top > 0) p.top_n_tokens = top
    if (b.echo && !call.stream) p.decoder_input_details = true
    p + [return_full_text: false, details: true]
}

private void check(Call call) {
    if (call.body.prompt instanceof List && !call.body.prompt.every { it instanceof String })
        throw LlmError.badRequest('huggingface takes prompts as text, not token ids', 'prompt')
    if (call.stream && prompts(call).size() > 1)
        throw LlmError.badRequest('huggingface streams one prompt at a time; send a list of prompts without stream', 'prompt')
    if (call.stream && call.body.echo)
        throw LlmError.badRequest('TGI gives no prompt tokens on streams (decoder_input_details); send echo without stream', 'echo')
    if (call.body.max_tokens == 0 && !call.body.echo)
        throw LlmError.badRequest('max_tokens 0 generates nothing; it is only useful with echo (and logprobs) to score the prompt', 'max_tokens')
    if (scoringOnly(call) && call.stream)
        throw LlmError.badRequest('max_tokens 0 scores the prompt, which TGI cannot do on a stream', 'stream')
}

private List<String> prompts(Call call) {
    call.isCompletion() && call.body.prompt instanceof List ? call.body.prompt : [prompt(call)]
}

// max_tokens 0 with echo: only the prompt's own tokens are wanted.
private boolean scoringOnly(Call call) { call.isCompletion() && call.body.max_tokens == 0 }

private int topLogprobs(Call call) {
    def l = call.body.logprobs
    call.isChat() ? (l ? (call.body.top_logprobs ?: 0) as int : 0) : (l instanceof Number ? l as int : 0)
}

// The Inference API answers a list, TGI one object.
private Map first(body) { body instanceof List ? body[0] : body }

// The answer and, with best_of, the other sequences TGI generated.
private List<Map> sequences(Map r) {
    [r] + (r.details?.best_of_sequences ?: []).collect { [generated_text: it.generated_text, details: it] }
}

private Map choice(Call call, String prompt, Map seq, List prefill) {
    Map d = seq.details ?: [:]
    String generated = scoringOnly(call) ? '' : seq.generated_text
    String finish = scoringOnly(call) ? 'length' : (d.finish_reason ? finishReason(d.finish_reason) : 'stop')
    List tokens = scoringOnly(call) ? [] : (d.tokens ?: [])
    List tops = scoringOnly(call) ? [] : (d.top_tokens ?: [])
    if (call.isChat()) {
        Map c = chatResponse(call, generated, finish, null).choices[0]
        if (call.body.logprobs) c.logprobs = logprobs(call, tokens, tops, 0)
        return c
    }
    boolean echo = call.body.echo
    Map c = textResponse(call, (echo ? prompt : '') + generated, finish, null).choices[0]
    if (call.body.logprobs != null) {
        List all = (echo ? (prefill ?: []) : []) + tokens
        c.logprobs = logprobs(call, all, (echo ? [null] * (prefill ?: []).size() : []) + tops, 0)
    }
    c
}

// TGI tokens ({text, logprob}) and their top alternatives as OpenAI logprobs: chat's content list,
// or completions' parallel lists. A token without alternatives lists itself as its only one.
private Map logprobs(Call call, List tokens, List tops, int offset) {
    List<Map> alternatives = tokens.withIndex().collect { t, i ->
        List top = tops && i < tops.size() && tops[i] ? tops[i] : (t.logprob == null ? [] : [t])
        top.collectEntries { [(it.text): it.logprob] }
    }
    if (call.isChat())
        return [content: tokens.withIndex().collect { t, i ->
            [token: t.text, logprob: t.logprob, bytes: bytes(t.text),
             top_logprobs: alternatives[i].collect { k, v -> [token: k, logprob: v, bytes: bytes(k)] }]
        }]
    List offsets = []
    tokens.inject(offset) { at, t -> offsets << at; at + t.text.length() }
    [tokens: tokens*.text, token_logprobs: tokens*.logprob, top_logprobs: alternatives.collect { it ?: null }, text_offset: offsets]
}

private List<Integer> bytes(String s) { s.getBytes('UTF-8').collect { it & 0xff } }

private String finishReason(String tgi) { tgi == 'length' ? 'length' : 'stop' }   // eos_token, stop_sequence -> stop

// Rerank on a Text Embeddings Inference (TEI) server, as LiteLLM's huggingface rerank: POST <api_base>/rerank with
// {query, texts, return_text}; TEI answers [{index, score, text}] by score, which becomes Cohere's results (top_n
// applied here: TEI has none).
private Map teiRerank(Call call) {
    List texts = call.body.documents.collect { it instanceof Map ? it.text : it }
    [url    : call.apiBase.endsWith('/rerank') ? call.apiBase : "${call.apiBase}/rerank",
     headers: auth(call),
     body   : [query: call.body.query, texts: texts, return_text: call.body.return_documents == true]]
}

private Map rerankResponse(Call call, body) {
    List ranked = body.sort(false) { -(it.score as double) }
    if (call.body.top_n) ranked = ranked.take(call.body.top_n as int)
    List results = ranked.collect { r ->
        Map result = [index: r.index, relevance_score: r.score]
        if (r.text != null) result.document = [text: r.text]
        result
    }
    [id: java.util.UUID.randomUUID().toString(), results: results]
}
