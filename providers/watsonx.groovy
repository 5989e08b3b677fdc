// IBM watsonx.ai: its chat API (/ml/v1/text/chat, /ml/v1/text/chat_stream), OpenAI's messages and tools.
//   --model watsonx/ibm/granite-3-8b-instruct            WATSONX_URL (https://us-south.ml.cloud.ibm.com), WATSONX_APIKEY,
//                                                          WATSONX_PROJECT_ID (or a deployment's project_id / space_id)
//   --model watsonx/deployment/<deployment id>            a model deployed in a space: no model_id nor project
// Credentials, as LiteLLM takes them: a token (the deployment's token, else WATSONX_TOKEN) goes as it is; a Cloud Pak
// for Data key (zen_api_key, WATSONX_ZENAPIKEY) as "ZenApiKey <key>"; else the API key (api_key, WATSONX_APIKEY,
// WATSONX_API_KEY, WX_API_KEY) is exchanged at IBM Cloud's IAM (WATSONX_IAM_URL, default
// https://iam.cloud.ibm.com/identity/token) for a bearer token, kept until a minute before it expires (an hour) and
// shared by the requests of that key. A key IAM refuses is a 401.
// ?version= is the deployment's api_version, else 2024-03-13 (LiteLLM's). tool_choice "auto", "none", "required" goes
// as tool_choice_option, a named function as tool_choice. Answers and stream chunks are OpenAI's with IBM's extra
// fields (model_id, model_version, created_at, system) left out.

import groovy.transform.Field
import java.time.Duration
import java.time.Instant

info(
    apiBaseEnv: ['WATSONX_API_BASE', 'WATSONX_URL', 'WX_URL', 'WML_URL'],
    apiKeyEnv: 'WATSONX_APIKEY',
    stream: 'sse',
    endpoints: ['chat/completions'],
    params: ['temperature', 'max_tokens', 'top_p', 'frequency_penalty', 'presence_penalty', 'stop', 'seed', 'n', 'logprobs', 'top_logprobs',
             'tools', 'tool_choice', 'response_format', 'reasoning_effort'],
)

@Field static final String VERSION = '2024-03-13'
@Field static final String IAM_URL = 'https://iam.cloud.ibm.com/identity/token'
@Field static final IssuedTokens IAM_TOKENS = new IssuedTokens(Duration.ofMinutes(1))

def request(Call call) {
    boolean deployed = call.model.startsWith('deployment/')
    String path = deployed ? "/ml/v1/deployments/${call.model.substring('deployment/'.length())}/text/chat" : '/ml/v1/text/chat'
    Map body = call.body.findAll { k, v -> !(k in ['stream', 'stream_options', 'tool_choice']) }
    def choice = call.body.tool_choice
    if (choice instanceof String) body.tool_choice_option = choice
    else if (choice != null) body.tool_choice = choice
    [url    : "${call.apiBase}${path}${call.stream ? '_stream' : ''}?version=${call.apiVersion ?: call.params.api_version ?: VERSION}",
     headers: [Authorization: authorization(call), Accept: 'application/json'],
     body   : deployed ? body : [model_id: call.model] + scope(call) + body]
}

def response(Call call, body) {
    [id: body.id, object: 'chat.completion', created: body.created, model: call.model, choices: body.choices, usage: body.usage]
}

def streamEvent(Call call, StreamEvent event) {
    Map e = event.map()
    if (e.errors) return [error: [message: e.errors[0]?.message, type: 'api_error']]
    Map chunk = [id: e.id, object: 'chat.completion.chunk', created: e.created, model: call.model, choices: e.choices ?: []]
    e.usage && call.includeUsage() ? [chunk, OpenAiObjects.usageChunk(chunk.id, chunk.object, chunk.created, call.model, e.usage)] : chunk
}

// watsonx's errors: {"errors": [{"code", "message"}], "trace", "status_code"}; IAM's: {"errorCode", "errorMessage"}.
def errorMessage(Call call, int status, body) {
    if (body instanceof Map && body.errors instanceof List && body.errors) return body.errors.collect { it.message }.join('; ')
    if (body instanceof Map && body.errorMessage) return body.errorMessage
    super.errorMessage(call, status, body)
}

// project_id (or LiteLLM's watsonx_project), else space_id, from the deployment or the environment.
private Map scope(Call call) {
    String project = call.params.project_id ?: call.params.watsonx_project ?: ['WATSONX_PROJECT_ID', 'WX_PROJECT_ID', 'PROJECT_ID'].findResult { env(it) }
    if (project) return [project_id: project]
    String space = call.params.space_id ?: ['WATSONX_DEPLOYMENT_SPACE_ID', 'WATSONX_SPACE_ID', 'WX_SPACE_ID', 'SPACE_ID'].findResult { env(it) }
    if (space) return [space_id: space]
    throw LlmError.badRequest('watsonx needs a project or a space: the deployment\'s project_id or space_id, or WATSONX_PROJECT_ID', 'project_id', 'missing_watsonx_project')
}

private String authorization(Call call) {
    String token = call.params.token ?: env('WATSONX_TOKEN')
    if (token) return "Bearer ${token}"
    String zen = call.params.zen_api_key ?: env('WATSONX_ZENAPIKEY')
    if (zen) return "ZenApiKey ${zen}"
    String key = call.apiKey ?: ['WATSONX_API_KEY', 'WX_API_KEY'].findResult { env(it) }
    if (!key) throw LlmError.authentication('no API key for watsonx: set WATSONX_APIKEY or the deployment\'s api_key (or a token: WATSONX_TOKEN)')
    String iam = env('WATSONX_IAM_URL') ?: IAM_URL
    "Bearer ${IAM_TOKENS.get(iam + ' ' + key) { exchange(call, iam, key) }}"
}

// IBM Cloud IAM's API-key grant: a form POST; the answer's access_token lasts expires_in seconds.
private IssuedTokens.Token exchange(Call call, String iam, String key) {
    Map answer
    try {
        answer = call.send(url: iam, headers: ['Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json'],
                body: "grant_type=${URLEncoder.encode('urn:ibm:params:oauth:grant-type:apikey', 'UTF-8')}&apikey=${URLEncoder.encode(key, 'UTF-8')}".toString())
    } catch (LlmError e) {
        if (e.status() >= 500 || e.status() == 429) throw e
        throw LlmError.authentication("IBM Cloud IAM refused the watsonx API key: ${e.getMessage()}")
    }
    if (!answer?.access_token) throw LlmError.badGateway('IBM Cloud IAM answered without an access_token')
    new IssuedTokens.Token(answer.access_token, Instant.now().plusSeconds((answer.expires_in ?: 3600) as long))
}
