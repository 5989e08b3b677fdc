// Azure AI Foundry's model inference API: serverless and managed deployments (Mistral, Llama, Phi, DeepSeek, Cohere...)
//   --model azure_ai/mistral-large-2407 --api_base https://<resource>.services.ai.azure.com     (AZURE_AI_API_KEY)
// OpenAI's format, at the URL LiteLLM builds: <base>/models/chat/completions on *.services.ai.azure.com, else
// <base>/chat/completions (a base that already ends with that path is kept), with ?api-version= when the deployment
// has an api_version; the key as api-key on Azure's own hosts (*.services.ai.azure.com, *.openai.azure.com), else as
// a Bearer token. Text-only content lists become strings (the API refuses lists without images).

info(
    apiBaseEnv: 'AZURE_AI_API_BASE',
    apiKeyEnv: 'AZURE_AI_API_KEY',
    stream: 'sse',
    endpoints: ['chat/completions', 'embeddings'],
)

def request(Call call) {
    Map body = call.body.findAll { k, v -> call.stream || (k != 'stream' && k != 'stream_options') }
    if (call.isChat()) body.messages = body.messages.collect { textOnly(it) }
    [url: url(call), headers: headers(call), body: [model: call.model] + body]
}

def streamEvent(Call call, StreamEvent event) { event }

private static String url(Call call) {
    URI base = URI.create(call.apiBase)
    String path = base.rawPath ?: ''
    String ending = (base.host?.contains('services.ai.azure.com') ? '/models/' : '/') + call.endpoint.path
    if (!path.endsWith(ending)) path = path.replaceAll('/+$', '') + ending
    List query = base.rawQuery ? [base.rawQuery] : []
    if (call.apiVersion && !base.rawQuery?.contains('api-version=')) query << "api-version=${URLEncoder.encode(call.apiVersion, 'UTF-8')}"
    "${base.scheme}://${base.rawAuthority}${path}${query ? '?' + query.join('&') : ''}"
}

private static Map headers(Call call) {
    if (!call.apiKey) return [:]
    String host = URI.create(call.apiBase).host ?: ''
    host.endsWith('.services.ai.azure.com') || host.endsWith('.openai.azure.com') ? ['api-key': call.apiKey] : [Authorization: "Bearer ${call.apiKey}"]
}

private static Map textOnly(Map m) {
    if (!(m.content instanceof List) || m.content.any { it.type in ['image_url', 'input_audio'] }) return m
    m + [content: m.content.findAll { it.type == 'text' }*.text.join('')]
}
