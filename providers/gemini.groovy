// Google's Gemini API (generativelanguage v1beta): generateContent, streamGenerateContent
// (alt=sse) and embedContent / batchEmbedContents.
//   --model gemini-pro, gemini/gemini-1.5-flash, gemini/text-embedding-004      (GEMINI_API_KEY)
// The key goes in the x-goog-api-key header, never in the URL, so that it stays out of access
// logs (and --debug masks it). Roles user/assistant -> user/model, system -> systemInstruction.
// Tools: tools -> functionDeclarations (parameters cut to Gemini's OpenAPI subset, types upper-case),
// tool_choice -> toolConfig.functionCallingConfig; assistant tool_calls -> functionCall parts,
// role "tool" results -> functionResponse parts of a "function" turn; functionCall parts in answers
// -> tool_calls with JSON-string arguments and generated ids, finish_reason tool_calls.
// Thinking models (2.5, 3) sign a call's part with a thoughtSignature that must come back with the call
// in the next turn: Gemini 3 refuses the turn without it. As in LiteLLM, it rides in the tool call's id
// (ReasoningState: call_x__thought__<signature>, which other providers get without it) and in
// provider_specific_fields.thought_signature; Google's extra_content.google.thought_signature is read too.
// Thinking requested (reasoning_effort, or Anthropic's thinking parameter) asks for thought summaries, as LiteLLM does:
// parts with thought: true come back as reasoning_content (streamed as reasoning_content deltas), never as content,
// and in whole answers as thinking_blocks too, each with its part's signature. Every signed part but a call (Gemini
// signs a text answer's last part, in streams an empty one) puts its signature in the message's (delta's)
// provider_specific_fields.thought_signatures. An assistant message sent back, as LiteLLM rebuilds the turn: its
// thinking_blocks (else its reasoning_content) become thought parts, and its text takes the first of those signatures.
// Images (/images/generations), as LiteLLM maps them: Imagen models (imagen-3.0-generate-002, imagen-4...) at
// models/<model>:predict with {instances: [{prompt}], parameters: {sampleCount: n, aspectRatio: from size}}, their
// predictions' bytesBase64Encoded as b64_json; Gemini's image models (gemini-2.5-flash-image...) at :generateContent
// with responseModalities IMAGE and TEXT, their inlineData parts as b64_json.

import groovy.transform.Field
import litellm.json.Json
import litellm.template.PromptTemplates

info(
    apiBase: 'https://generativelanguage.googleapis.com/v1beta',
    apiBaseEnv: 'GEMINI_API_BASE',
    apiKeyEnv: 'GEMINI_API_KEY',
    stream: 'sse',
    endpoints: ['chat/completions', 'embeddings', 'images/generations'],
    thoughtSignatures: true,
    thinkingBlocks: true,
    params: ['temperature', 'max_tokens', 'max_completion_tokens', 'top_p', 'top_k', 'stop', 'n', 'presence_penalty',
             'frequency_penalty', 'seed', 'response_format', 'encoding_format', 'tools', 'tool_choice', 'reasoning_effort', 'thinking'],
)

@Field static final Map FINISH = [STOP: 'stop', MAX_TOKENS: 'length', SAFETY: 'content_filter', RECITATION: 'content_filter',
                           BLOCKLIST: 'content_filter', PROHIBITED_CONTENT: 'content_filter', SPII: 'content_filter']
// The JSON Schema keys Gemini's Schema (an OpenAPI 3.0 subset) takes; others ($schema, additionalProperties, ...) are refused.
@Field static final Set SCHEMA_KEYS = ['type', 'format', 'title', 'description', 'nullable', 'enum', 'items', 'properties', 'required',
                                       'minItems', 'maxItems', 'minProperties', 'maxProperties', 'minLength', 'maxLength', 'pattern',
                                       'minimum', 'maximum', 'anyOf', 'propertyOrdering', 'default', 'example'] as Set
@Field static final Map TOOL_MODE = [none: 'NONE', auto: 'AUTO', required: 'ANY']
// OpenAI's image sizes as Imagen's aspect ratios, as LiteLLM maps them (any other size: 1:1)
@Field static final Map ASPECT_RATIOS = ['1024x1024': '1:1', '1792x1024': '16:9', '1024x1792': '9:16', '1280x896': '4:3', '896x1280': '3:4']

def request(Call call) {
    Map headers = call.apiKey ? ['x-goog-api-key': call.apiKey] : [:]
    String model = "${withVersion(call.apiBase, '/v1beta')}/models/${call.model}"
    if (call.endpoint == Endpoint.IMAGES) return imageRequest(call, model, headers)
    if (call.isEmbedding()) {
        List inputs = call.body.input instanceof List ? call.body.input : [call.body.input]
        List requests = inputs.collect { [model: "models/${call.model}", content: [parts: [[text: it.toString()]]]] }
        return inputs.size() == 1 ? [url: "${model}:embedContent", headers: headers, body: requests[0]]
                                  : [url: "${model}:batchEmbedContents", headers: headers, body: [requests: requests]]
    }
    String url = call.stream ? "${model}:streamGenerateContent?alt=sse" : "${model}:generateContent"
    Map body = contents(call.body.messages) + [generationConfig: generationConfig(call), tools: tools(call.body.tools),
                                               toolConfig: toolConfig(call.body.tool_choice)].findAll { it.value }
    [url: url, headers: headers, body: body]
}

def response(Call call, body) {
    if (call.endpoint == Endpoint.IMAGES) return imageResponse(call, body)
    if (call.isEmbedding()) {
        List vectors = body.embeddings ? body.embeddings*.values : [body.embedding.values]
        return embeddingResponse(call, vectors, usage(0, 0))
    }
    checkNotBlocked(body)
    Map response = chatResponse(call, null, null, usageOf(body)) // its one choice gives way to one per candidate
    response.choices = body.candidates.withIndex().collect { c, i ->
        List calls = toolCalls(c)
        Map message = [role: 'assistant'] + content(c, calls as boolean) + thinkingBlocks(c) + signatures(c) + (calls ? [tool_calls: calls] : [:])
        [index: i, message: message, logprobs: null, finish_reason: finishReason(c, calls as boolean)]
    }
    response
}

// Each event is a whole GenerateContentResponse carrying only the new text.
def streamEvent(Call call, StreamEvent event) {
    Map body = event.json
    if (body.error) return [error: [message: body.error.message, type: 'api_error', code: body.error.status]]
    if (body.promptFeedback?.blockReason) return [error: blocked(body).body().error]
    Map candidate = body.candidates ? body.candidates[0] : [:]
    String id = streamId(call)
    Map delta = delta(call, candidate)
    List calls = toolCalls(candidate)
    if (calls) {
        int first = call.state.toolCalls ?: 0
        call.state.toolCalls = first + calls.size()
        delta.tool_calls = calls.withIndex().collect { c, i -> [index: first + i] + c }
    }
    Map chunk = chatChunk(call, id, delta, finishReason(candidate, call.state.toolCalls as boolean))
    if (!candidate.finishReason || !call.includeUsage() || !body.usageMetadata) return chunk
    [chunk, OpenAiObjects.usageChunk(id, 'chat.completion.chunk', chunk.created, call.model, usageOf(body))]
}

// Gemini wants alternating user/model turns: consecutive messages of one role become one turn.
// Tool results form "function" turns of functionResponse parts, named after the call they answer;
// functionResponse.response is an object (a result that is not a JSON object becomes {output: text}).
private Map contents(List messages) {
    List system = messages.findAll { it.role == 'system' }.collect { [text: PromptTemplates.text(it.content)] }
    Map callNames = messages.findResults { it.tool_calls }.flatten().collectEntries { [it.id, it.function?.name] }
    List turns = []
    messages.findAll { it.role != 'system' }.each { m ->
        String role = m.role == 'assistant' ? 'model' : m.role == 'tool' ? 'function' : 'user'
        List parts = m.role == 'tool' ? [[functionResponse: [name: callNames[m.tool_call_id] ?: m.name, response: toolOutput(m.content)]]]
                   : m.role == 'assistant' ? modelParts(m)
                   : [[text: PromptTemplates.text(m.content)]]
        if (turns && turns[-1].role == role) turns[-1].parts.addAll(parts)
        else turns << [role: role, parts: parts]
    }
    system ? [contents: turns, systemInstruction: [parts: system]] : [contents: turns]
}

// An assistant message as the turn Gemini answered: thoughts, text, calls. Unlike LiteLLM, which sends reasoning_content
// and also each signed block as a part without thought: true (Gemini would read its thoughts twice, once as its answer),
// blocks become thought parts again and reasoning_content stands in only for missing blocks. (Another model's signed
// blocks, Claude's in a chat that moved here, never reach the script: ReasoningState leaves them behind.)
private List modelParts(Map m) {
    List blocks = m.thinking_blocks?.findAll { it.type == 'thinking' }
    List parts = blocks ? blocks.collect { signed([text: it.thinking ?: '', thought: true], it.signature) }
               : m.reasoning_content ? [[text: m.reasoning_content, thought: true]] : []
    String signature = m.provider_specific_fields?.thought_signatures?.find { !(it in parts*.thoughtSignature) } // a thought's stays on it
    if (m.content || signature || !m.tool_calls) parts << signed([text: PromptTemplates.text(m.content)], signature)
    parts + (m.tool_calls ?: []).collect { functionCallPart(it) }
}

private static Map signed(Map part, String signature) {
    signature ? part + [thoughtSignature: signature] : part
}

private List tools(List tools) {
    if (!tools) return null
    [[functionDeclarations: tools.collect {
        Map parameters = it.function.parameters?.get('properties') ? schema(it.function.parameters) : null // Gemini refuses an OBJECT without properties
        [name: it.function.name, description: it.function.description, parameters: parameters].findAll { k, v -> v != null }
    }]]
}

// A JSON Schema as Gemini's Schema: known keys only, upper-case types, ["x", "null"] types as nullable.
// (get('properties'): Groovy reads map.properties and map['properties'] as the map's bean properties.)
private Map schema(Map s) {
    Map out = s.findAll { k, v -> k in SCHEMA_KEYS }
    if (s.type instanceof List) {
        out.type = s.type.find { it != 'null' }
        if ('null' in s.type) out.nullable = true
    }
    if (out.type) out.type = out.type.toString().toUpperCase()
    if (out.get('properties')) out.put('properties', out.get('properties').collectEntries { k, v -> [k, schema(v)] })
    if (out.items) out.items = schema(out.items)
    if (out.anyOf) out.anyOf = out.anyOf.collect { schema(it) }
    out
}

private static Map toolConfig(choice) {
    if (choice == null) return null
    Map config = choice instanceof Map ? [mode: 'ANY', allowedFunctionNames: [choice.function?.name]] : [mode: TOOL_MODE[choice] ?: choice.toString().toUpperCase()]
    [functionCallingConfig: config]
}

private Map functionCallPart(Map toolCall) {
    signed([functionCall: [name: toolCall.function.name, args: toolArguments(toolCall)]], thoughtSignature(toolCall))
}

private static String thoughtSignature(Map toolCall) {
    ReasoningState.signature(toolCall.id) ?: toolCall.provider_specific_fields?.thought_signature ?: toolCall.extra_content?.google?.thought_signature
}

// Gemini's calls carry no id before 2025 (and only sometimes after): one is made up, as OpenAI clients need one.
// Of parallel calls, Gemini 3 signs only the first.
private static List toolCalls(Map candidate) {
    candidate?.content?.parts?.findAll { it.functionCall }?.collect { part ->
        Map f = part.functionCall
        Map call = [id: f.id ?: OpenAiObjects.newId('call_'), type: 'function', function: [name: f.name, arguments: Json.text(f.args ?: [:])]]
        if (!part.thoughtSignature) return call
        call + [id: ReasoningState.signed(call.id, part.thoughtSignature), provider_specific_fields: [thought_signature: part.thoughtSignature]]
    } ?: []
}

private Map generationConfig(Call call) {
    Map body = call.body
    [maxOutputTokens : body.max_completion_tokens ?: body.max_tokens,
     temperature     : body.temperature,
     topP            : body.top_p,
     topK            : body.top_k,
     stopSequences   : body.stop instanceof String ? [body.stop] : body.stop,
     candidateCount  : body.n,
     presencePenalty : body.presence_penalty,
     frequencyPenalty: body.frequency_penalty,
     seed            : body.seed,
     responseMimeType: body.response_format?.type in ['json_object', 'json_schema'] ? 'application/json' : null,
     thinkingConfig  : thinkingConfig(call.model, body),
    ].findAll { it.value != null }
}

// reasoning_effort -> thinkingConfig: Gemini 2.5 takes a token budget (at least 512, which every 2.5 model takes,
// as in LiteLLM), Gemini 3 on a level (Pro: low, high; Flash also minimal, medium; one a model does not take is
// Gemini's 400 to relay). Anthropic's thinking parameter wins over it, mapped as LiteLLM maps it: budget_tokens is
// 2.5's budget, Gemini 3 keeps its own level. Thought summaries (includeThoughts) unless thinking is off.
private static Map thinkingConfig(String model, Map body) {
    boolean gemini2 = model.startsWith('gemini-2')
    if (body.thinking != null) {
        Map thinking = body.thinking
        boolean on = thinking.type == 'enabled' && thinking.budget_tokens != 0
        return gemini2 && thinking.budget_tokens != null ? [thinkingBudget: thinking.budget_tokens, includeThoughts: on] : [includeThoughts: on]
    }
    if (body.reasoning_effort == null) return null
    String effort = ReasoningEffort.of(body.reasoning_effort)
    if (gemini2) {
        int budget = ReasoningEffort.budget(effort)
        return [thinkingBudget: budget == 0 ? 0 : Math.max(budget, 512), includeThoughts: budget != 0]
    }
    [thinkingLevel: effort == 'none' ? 'minimal' : effort, includeThoughts: effort != 'none'] // Gemini 3 cannot stop thinking: the least it does
}

// The text of a candidate's answer parts, or of its thought summaries (parts with thought: true).
private String text(Map candidate, boolean thought = false) {
    candidate?.content?.parts?.findResults { (it.thought == true) == thought ? it.text : null }?.join('') ?: ''
}

// Content and reasoning_content; no text beside tool calls or thoughts is a null content, as in LiteLLM.
private Map content(Map candidate, boolean calledTools = false) {
    String answer = text(candidate), thoughts = text(candidate, true)
    [content: answer ?: (calledTools || thoughts ? null : '')] + (thoughts ? [reasoning_content: thoughts] : [:])
}

// Whole answers only: LiteLLM's stream deltas carry no thinking_blocks.
private static Map thinkingBlocks(Map candidate) {
    List blocks = candidate?.content?.parts?.findAll { it.thought == true }?.collect {
        [type: 'thinking', thinking: it.text ?: ''] + (it.thoughtSignature ? [signature: it.thoughtSignature] : [:])
    }
    blocks ? [thinking_blocks: blocks] : [:]
}

// The signatures of parts other than calls, whose own ride in their tool calls.
private static Map signatures(Map candidate) {
    List signatures = candidate?.content?.parts?.findResults { it.functionCall ? null : it.thoughtSignature }
    signatures ? [provider_specific_fields: [thought_signatures: signatures]] : [:]
}

private String finishReason(Map candidate, boolean calledTools = false) {
    if (!candidate?.finishReason) return null
    calledTools && candidate.finishReason == 'STOP' ? 'tool_calls' : FINISH.getOrDefault(candidate.finishReason, 'stop')
}

// Thinking models (2.5 on) bill their thoughts as output: thoughtsTokenCount is part of the completion, as
// OpenAI counts reasoning tokens, and is told apart in completion_tokens_details.reasoning_tokens.
private Map usageOf(Map body) {
    Map u = body.usageMetadata ?: [:]
    long thoughts = u.thoughtsTokenCount ?: 0
    Map usage = usage(u.promptTokenCount ?: 0, (u.candidatesTokenCount ?: 0) + thoughts)
    thoughts ? usage + [completion_tokens_details: [reasoning_tokens: thoughts]] : usage
}

// A blocked prompt comes back as HTTP 200 with no candidates.
private void checkNotBlocked(Map body) {
    if (!body.candidates) throw blocked(body)
}

private LlmError blocked(Map body) {
    String reason = body.promptFeedback?.blockReason ?: 'no candidates'
    new LlmError(400, 'invalid_request_error', "gemini blocked the prompt: ${reason}", null, 'content_filter', null)
}

private Map delta(Call call, Map candidate) {
    (firstEvent(call) ? [role: 'assistant'] : [:]) + content(candidate) + signatures(candidate)
}

// Images.

private static boolean geminiImageModel(Call call) { call.model.startsWith('gemini-') }

private Map imageRequest(Call call, String model, Map headers) {
    if (geminiImageModel(call))
        return [url    : "${model}:generateContent", headers: headers,
                body   : [contents: [[parts: [[text: call.body.prompt]]]], generationConfig: [responseModalities: ['IMAGE', 'TEXT']]]]
    Map parameters = [sampleCount: call.body.n, aspectRatio: call.body.size ? ASPECT_RATIOS.get(call.body.size, '1:1') : null].findAll { it.value != null }
    [url: "${model}:predict", headers: headers, body: [instances: [[prompt: call.body.prompt]]] + (parameters ? [parameters: parameters] : [:])]
}

private Map imageResponse(Call call, Map body) {
    List images = geminiImageModel(call)
            ? body.candidates*.content*.parts.flatten().findAll { it?.inlineData?.data }.collect { it.inlineData.data }
            : body.predictions.findAll { it.bytesBase64Encoded }*.bytesBase64Encoded
    [created: System.currentTimeMillis().intdiv(1000), data: images.collect { [b64_json: it] }]
}
