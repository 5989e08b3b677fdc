// Amazon SageMaker endpoints that serve a text-generation container (Hugging Face TGI, JumpStart's LLMs), as LiteLLM's
// sagemaker/ calls them: InvokeEndpoint with TGI's payload.
//   --model sagemaker/<endpoint name>            aws_region_name (AWS_REGION_NAME, AWS_REGION); AWS's credentials
// The core signs each request (SigV4, service 'sagemaker') with the credentials Bedrock's calls use: the deployment's
// aws_access_key_id / aws_secret_access_key / aws_session_token, else aws_profile_name, else AWS's default chain.
// POST https://runtime.sagemaker.<region>.amazonaws.com/endpoints/<endpoint>/invocations with
// {"inputs": <prompt>, "parameters": {...}}: chat messages rendered with the model's prompt template (the deployment's
// hf_model_name picks it, as in LiteLLM, else the endpoint's name); max_tokens -> max_new_tokens (0 -> 1),
// temperature (0 -> 0.01, as TGI refuses 0, unless aws_sagemaker_allow_zero_temp), top_p, stop, n -> best_of with
// do_sample. The answer ([{"generated_text"}] or {"generation"}) without the prompt it may repeat; usage counted with
// tiktoken, as LiteLLM counts it. Streams are the whole answer cut into chunks (no invocations-response-stream).

info(
    apiBase: 'https://runtime.sagemaker.{region}.amazonaws.com',
    sign: 'aws-sigv4', service: 'sagemaker',
    stream: 'none',
    endpoints: ['chat/completions', 'completions'],
    params: ['temperature', 'max_tokens', 'max_completion_tokens', 'top_p', 'stop', 'n', 'aws_sagemaker_allow_zero_temp'],
)

def request(Call call) {
    if (call.body.prompt instanceof List && call.body.prompt.size() > 1) throw LlmError.badRequest('sagemaker takes one prompt per request', 'prompt')
    Map b = call.body
    Map parameters = [:]
    if (b.temperature != null) parameters.temperature = b.temperature == 0 && !b.aws_sagemaker_allow_zero_temp ? 0.01 : b.temperature
    if (b.top_p != null) parameters.top_p = b.top_p
    if (b.n != null) parameters += [best_of: b.n, do_sample: true]
    if (b.stop != null) parameters.stop = b.stop
    def max = b.max_tokens ?: b.max_completion_tokens
    if (max != null || b.max_tokens == 0) parameters.max_new_tokens = (max ?: 0) == 0 ? 1 : max
    String base = call.apiBase.replace('{region}', awsRegion(call))
    [url    : "${base}/endpoints/${URLEncoder.encode(call.model, 'UTF-8')}/invocations",
     headers: [Accept: 'application/json'],
     body   : [inputs: text(call), parameters: parameters]]
}

def response(Call call, body) {
    Map first = body instanceof List ? body[0] : body
    String prompt = text(call)
    String output = first.generation ?: first.generated_text ?: ''
    if (output.startsWith(prompt) && prompt.contains('<s>')) output = output.substring(prompt.length()) // as LiteLLM trims it
    Map usage = usage(countTokens(prompt), countTokens(output))
    call.isChat() ? chatResponse(call, output, 'stop', usage) : textResponse(call, output, 'stop', usage)
}

// The prompt: the client's for /completions; chat messages rendered with hf_model_name's template, else the endpoint's.
private String text(Call call) {
    String template = call.params.hf_model_name
    prompt(template ? new Call(call.endpoint, template, call.body, call.stream, call.apiBase, call.apiKey, call.apiVersion, call.params) : call)
}

// SageMaker's own errors carry Message (endpoint not found, a model's error passed on with OriginalMessage).
def errorMessage(Call call, int status, body) {
    body instanceof Map && body.Message ? body.Message : super.errorMessage(call, status, body)
}
