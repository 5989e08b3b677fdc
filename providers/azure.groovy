// Azure OpenAI: OpenAI's models behind a deployment of one's own Azure resource.
//   --model azure/<deployment> --api_base https://<resource>.openai.azure.com
// POST {api_base}/openai/deployments/<deployment>/{chat/completions|completions|embeddings|images/generations|
// audio/transcriptions|audio/translations|audio/speech}?api-version=<v> (audio uploads as multipart forms)
// Env: AZURE_API_BASE, AZURE_API_KEY (sent as `api-key`), AZURE_API_VERSION.
// api-version: the deployment's api_version, else AZURE_API_VERSION, else 2024-10-21 (the latest GA
// version, with tools and stream_options). A deployment's azure_ad_token (a Microsoft Entra ID token)
// is sent as `Authorization: Bearer` instead of the key; AZURE_AD_TOKEN is read when there is no key.
// Bodies are OpenAI's without `model` (the deployment picks it). Content-filter refusals become a 400
// with code content_filter: Azure's own 400, and answers cut by the output filter
// (finish_reason content_filter; in a stream, an error event). The filter-results preamble a stream
// starts with (empty id, no choices) is not passed on.
// The Responses API (/responses) goes to Azure's own: POST {api_base}/openai/v1/responses with the deployment
// as the body's model (the v1 API, which takes no api-version), or, for a deployment with an api_version,
// {api_base}/openai/responses?api-version=<v> (a dated preview, e.g. 2025-04-01-preview); its answers and
// events pass through.
// Deployments of OpenAI's reasoning models, which refuse max_tokens, get it as max_completion_tokens:
// LiteLLM's azure/o_series/<deployment> and azure/gpt5_series/<deployment> (the prefix is not part of the
// deployment's name), or a deployment named after one (o1, my-o3-mini, gpt-5-chat; not demo1).

info(
    apiBaseEnv: 'AZURE_API_BASE',
    apiKeyEnv: 'AZURE_API_KEY',
    stream: 'sse',
    endpoints: ['chat/completions', 'completions', 'embeddings', 'responses', 'images/generations',
                'audio/transcriptions', 'audio/translations', 'audio/speech'],
)

@groovy.transform.Field static final String DEFAULT_API_VERSION = '2024-10-21'
@groovy.transform.Field static final java.util.regex.Pattern SERIES_ROUTE = ~/^(o_series|gpt5_series)\//
@groovy.transform.Field static final java.util.regex.Pattern REASONING_NAME = ~/(?i)(^|[^a-z0-9])(o[1-9]|gpt-?5)([^0-9]|$)/

def request(Call call) {
    if (call.endpoint.path == 'responses') return responsesRequest(call)
    String version = call.apiVersion ?: env('AZURE_API_VERSION') ?: DEFAULT_API_VERSION
    String deployment = call.model - SERIES_ROUTE
    String url = "${call.apiBase}/openai/deployments/${deployment}/${call.endpoint.path}?api-version=${version}"
    if (!call.endpoint.takesModelParams()) return [url: url, headers: auth(call), body: call.endpoint.multipart() ? form(call.body) : call.body]
    Map body = call.stream ? call.body : call.body.findAll { k, v -> k != 'stream' && k != 'stream_options' }
    [url    : url,
     headers: auth(call),
     body   : deployment != call.model || REASONING_NAME.matcher(deployment).find() ? withMaxCompletionTokens(body) : body]
}

def response(Call call, body) {
    if (call.endpoint.path != 'chat/completions' && call.endpoint.path != 'completions') return body
    body.choices?.each { if (it.finish_reason == 'content_filter') throw filtered(it.content_filter_results) }
    body
}

def streamEvent(Call call, StreamEvent event) {
    if (call.endpoint.path == 'responses') return event // already a Responses event: relayed as it came
    Map chunk = event.map()
    def cut = chunk.choices?.find { it.finish_reason == 'content_filter' }
    if (cut) return [error: filtered(cut.content_filter_results).body().error]
    boolean content = chunk.choices && chunk.choices.every { it.delta != null || it.text != null }
    chunk.id && (content || chunk.usage) ? chunk : null // not the filter preamble (empty id), nor late filter annotations
}

private Map responsesRequest(Call call) {
    String deployment = call.model - SERIES_ROUTE
    Map body = [model: deployment] + (call.stream ? call.body : call.body.findAll { k, v -> k != 'stream' && k != 'stream_options' })
    String url = call.apiVersion in [null, 'preview', 'latest'] ? "${call.apiBase}/openai/v1/responses" : "${call.apiBase}/openai/responses"
    [url: call.apiVersion ? "${url}?api-version=${call.apiVersion}" : url, headers: auth(call), body: body]
}

private Map auth(Call call) {
    String token = call.param('azure_ad_token') ?: (call.apiKey ? null : env('AZURE_AD_TOKEN'))
    if (token) return [Authorization: "Bearer ${token}"]
    if (call.apiKey) return ['api-key': call.apiKey]
    throw LlmError.authentication('no API key for azure: set AZURE_API_KEY, the deployment\'s api_key or azure_ad_token')
}

private LlmError filtered(Map results) {
    def hits = results?.findAll { k, v -> v instanceof Map && v.filtered }?.collect { k, v -> v.severity ? "${k}: ${v.severity}" : k }
    new LlmError(400, 'invalid_request_error',
        "The response was filtered due to Azure OpenAI's content management policy${hits ? " (${hits.join(', ')})" : ''}.",
        null, 'content_filter', null)
}
