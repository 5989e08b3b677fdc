// Google Cloud's Vertex AI: Gemini models and Anthropic's Claude models, with Google Cloud's credentials.
//   --model vertex_ai/gemini-2.0-flash                 vertex_project, vertex_location (VERTEXAI_PROJECT, VERTEXAI_LOCATION)
//   --model vertex_ai/claude-sonnet-4@20250514
// Credentials, as LiteLLM takes them: the deployment's vertex_credentials (a service account's JSON key, or the path of
// its file), else VERTEXAI_CREDENTIALS, else the application-default credentials (GOOGLE_APPLICATION_CREDENTIALS,
// `gcloud auth application-default login`, the metadata server on Google Cloud). Tokens come from Google's auth
// library (litellm.http.GoogleAccessTokens), cached and refreshed in the background, and go as a Bearer token.
// The project is vertex_project, else VERTEXAI_PROJECT, else the credentials' own; the location vertex_location, else
// VERTEXAI_LOCATION, else us-central1 ("global": the global endpoint).
// Gemini models are the gemini script's mapping, sent to .../publishers/google/models/<model>:generateContent
// (streamGenerateContent?alt=sse); Claude models the anthropic script's, sent to
// .../publishers/anthropic/models/<model>:rawPredict (streamRawPredict) with anthropic_version vertex-2023-10-16 in
// the body in place of the model. An api_base is the whole URL up to the method, as LiteLLM takes it
// (<api_base>:generateContent), for a proxy or a Private Service Connect endpoint.
// One declaration serves both families: a parameter only one of them takes is dropped by the other's mapping.

import litellm.http.GoogleAccessTokens

info(
    apiBase: 'https://aiplatform.googleapis.com/v1', // the global endpoint; a location's is https://<location>-aiplatform.googleapis.com/v1
    stream: 'sse',
    endpoints: ['chat/completions'],
    thoughtSignatures: true,
    thinkingBlocks: true,
    params: ['temperature', 'max_tokens', 'max_completion_tokens', 'top_p', 'top_k', 'stop', 'n', 'presence_penalty', 'frequency_penalty',
             'seed', 'response_format', 'tools', 'tool_choice', 'parallel_tool_calls', 'user', 'reasoning_effort', 'thinking'],
)

@groovy.transform.Field static final String DEFAULT_BASE = 'https://aiplatform.googleapis.com/v1'
@groovy.transform.Field static final String ANTHROPIC_VERSION = 'vertex-2023-10-16'

def request(Call call) {
    boolean claude = claude(call)
    Map r = family(call).request(call)
    Map body = r.body
    if (claude) {
        body.remove('model')
        body.anthropic_version = ANTHROPIC_VERSION
    }
    String method = claude ? (call.stream ? 'streamRawPredict' : 'rawPredict') : (call.stream ? 'streamGenerateContent' : 'generateContent')
    String url = "${modelUrl(call, claude ? 'anthropic' : 'google')}:${method}" + (call.stream && !claude ? '?alt=sse' : '')
    Map headers = (r.headers ?: [:]).findAll { k, v -> !(k.toLowerCase() in ['x-api-key', 'x-goog-api-key']) }
    [url: url, headers: headers + [Authorization: "Bearer ${token(call)}"], body: body]
}

def response(Call call, body) { family(call).response(call, body) }

def streamEvent(Call call, StreamEvent event) { family(call).streamEvent(call, event) }

def errorMessage(Call call, int status, body) { family(call).errorMessage(call, status, body) }

private ProviderScript family(Call call) {
    if (claude(call)) return provider('anthropic')
    if (call.model.startsWith('gemini')) return provider('gemini')
    throw LlmError.badRequest("vertex_ai serves Gemini (gemini-*) and Claude (claude-*) models here, not '${call.model}'", 'model', 'model_not_found')
}

private static boolean claude(Call call) { call.model.startsWith('claude') }

private String modelUrl(Call call, String publisher) {
    if (call.apiBase != DEFAULT_BASE) return call.apiBase // LiteLLM's custom api_base: the model's URL itself
    String location = setting(call, ['vertex_location', 'vertex_ai_location'], ['VERTEXAI_LOCATION', 'VERTEX_LOCATION']) ?: 'us-central1'
    String project = setting(call, ['vertex_project', 'vertex_ai_project'], ['VERTEXAI_PROJECT', 'VERTEX_PROJECT'])
            ?: GoogleAccessTokens.project(credentials(call))
    if (!project) throw LlmError.badRequest('vertex_ai needs a project: the deployment\'s vertex_project or VERTEXAI_PROJECT', 'vertex_project', 'missing_vertex_project')
    String host = location == 'global' ? 'aiplatform.googleapis.com' : "${location}-aiplatform.googleapis.com"
    "https://${host}/v1/projects/${project}/locations/${location}/publishers/${publisher}/models/${call.model}"
}

private String token(Call call) { GoogleAccessTokens.token(credentials(call), call.timeLeft()) }

private String credentials(Call call) {
    def c = setting(call, ['vertex_credentials', 'vertex_ai_credentials'], ['VERTEXAI_CREDENTIALS'])
    c instanceof Map ? litellm.json.Json.text(c) : c
}

private setting(Call call, List names, List variables) {
    names.findResult { call.params[it] } ?: variables.findResult { env(it) }
}
