// Amazon Bedrock Runtime: InvokeModel / InvokeModelWithResponseStream with each model family's own body, and
// Converse / ConverseStream, the API that is the same for every model.
//   --model bedrock/anthropic.claude-v2        InvokeModel for a family it knows: Claude text (v2, instant), Claude 3+
//                                               messages, AI21 J2, Cohere Command / Command R / Embed, Amazon Titan text
//                                               and embeddings, Meta Llama, Mistral; any other model id goes to Converse
//   --model bedrock/converse/<model-id>        Converse / ConverseStream, for any model (as in LiteLLM)
//   --model bedrock/invoke/<model-id>          InvokeModel, and an error for a family it does not know
// The core signs each request (SigV4, service 'bedrock'). Credentials: the deployment's aws_access_key_id,
// aws_secret_access_key, aws_session_token or aws_profile_name, else the AWS SDK's default chain (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE, ~/.aws). Region: aws_region_name, AWS_REGION_NAME, AWS_REGION.
// A Bedrock API key (the deployment's api_key or AWS_BEARER_TOKEN_BEDROCK) goes as a bearer token instead of SigV4.
// Endpoint: api_base, aws_bedrock_runtime_endpoint or AWS_BEDROCK_RUNTIME_ENDPOINT; the deployment's model_id replaces
// the id in the URL (provisioned throughput ARNs). Usage: from the body where the family reports it, else counted.
// Claude's extended thinking, as LiteLLM maps it: reasoning_effort (ReasoningEffort's budgets, at least 1024) or Anthropic's
// own thinking parameter -> thinking in the InvokeModel body, additionalModelRequestFields.thinking for Converse; max_tokens
// defaults above the budget. Anthropic's thinking blocks, and Converse's reasoningContent blocks, come back as
// message.reasoning_content and thinking_blocks (with signatures), streamed as reasoning_content and thinking_blocks deltas;
// an assistant message's thinking_blocks go back first in its turn.
// reasoning_effort on Converse for other models, as LiteLLM's AmazonConverseConfig maps it: OpenAI's gpt-oss takes it
// as is (additionalModelRequestFields.reasoning_effort), Amazon Nova 2 as reasoningConfig {type: enabled,
// maxReasoningEffort} (low, medium or high, else a 400), neither with Anthropic's thinking parameter or a raised max_tokens.
// Every other model (Nova 1, Llama, Mistral, DeepSeek-R1, Qwen...) has it dropped, as is Anthropic's thinking parameter:
// LiteLLM refuses them unless drop_params, except that it sends Claude's thinking to DeepSeek-R1, which Bedrock refuses.
// Their reasoningContent blocks come back as Claude's do, without signatures; a thinking block without a signature goes
// back as a text block, as LiteLLM sends it, since only Claude's reasoning needs to be sent back as reasoningContent.
// Images (/images/generations) through InvokeModel, with each family's body as LiteLLM builds it: Stable Diffusion XL
// (stability.stable-diffusion-xl-v1: text_prompts, width and height from size, samples from n; artifacts' base64),
// Stability's newer models (stability.sd3-*, stable-image-*: prompt, aspect_ratio; images), Amazon Titan Image and
// Nova Canvas (taskType TEXT_IMAGE, imageGenerationConfig; images); every image comes back as b64_json.

import groovy.transform.Field
import litellm.json.Json
import litellm.template.PromptTemplates

info(
    apiBase: 'https://bedrock-runtime.{region}.amazonaws.com',
    apiBaseEnv: 'AWS_BEDROCK_RUNTIME_ENDPOINT',
    sign: 'aws-sigv4', service: 'bedrock',
    stream: 'aws-eventstream',
    endpoints: ['chat/completions', 'completions', 'embeddings', 'images/generations'],
    thinkingBlocks: true,
    params: ['max_tokens', 'temperature', 'top_p', 'top_k', 'stop', 'presence_penalty', 'frequency_penalty',
             'tools', 'tool_choice', 'dimensions', 'encoding_format', 'reasoning_effort', 'thinking'],
)

@Field static final int DEFAULT_MAX_TOKENS = 4096

/** Model id prefixes (after a cross-region prefix such as "us.") and the InvokeModel body family; first match wins. */
@Field static final Map FAMILIES = [
    'anthropic.claude-v': 'claude-text', 'anthropic.claude-instant': 'claude-text', 'anthropic.claude': 'claude',
    'ai21.j2': 'ai21', 'cohere.command-r': 'cohere-chat', 'cohere.command': 'cohere', 'cohere.embed': 'cohere-embed',
    'amazon.titan-embed': 'titan-embed', 'amazon.titan-text': 'titan', 'meta.llama': 'llama', 'mistral.': 'mistral',
]

@Field static final Map FINISH = [
    end_turn: 'stop', stop_sequence: 'stop', stop: 'stop', endoftext: 'stop', COMPLETE: 'stop', FINISH: 'stop',
    STOP_CRITERIA_MET: 'stop', max_tokens: 'length', length: 'length', MAX_TOKENS: 'length', LENGTH: 'length',
    tool_use: 'tool_calls', guardrail_intervened: 'content_filter', content_filtered: 'content_filter',
    CONTENT_FILTERED: 'content_filter', ERROR_TOXIC: 'content_filter',
]

def request(Call call) {
    if (call.endpoint == Endpoint.IMAGES) return invoke(call, 'invoke', false, imageBody(call))
    String family = family(call)
    boolean converse = family == 'converse'
    boolean streamed = call.stream && streams(call)
    String action = converse ? (streamed ? 'converse-stream' : 'converse') : (streamed ? 'invoke-with-response-stream' : 'invoke')
    invoke(call, action, streamed, converse ? converseBody(call) : invokeBody(call, family))
}

private Map invoke(Call call, String action, boolean streamed, Map body) {
    String base = (call.params.aws_bedrock_runtime_endpoint ?: call.apiBase).replace('{region}', awsRegion(call))
    String key = call.apiKey ?: env('AWS_BEARER_TOKEN_BEDROCK')
    [url    : "${base}/model/${URLEncoder.encode(call.params.model_id ?: modelId(call), 'UTF-8')}/${action}",
     headers: (streamed ? [:] : [Accept: 'application/json']) + (key ? [Authorization: "Bearer ${key}"] : [:]),
     body   : body]
}

// AI21 J2 cannot stream: the core calls InvokeModel and cuts the whole answer into chunks.
boolean streams(Call call) { family(call) != 'ai21' }

def response(Call call, body) {
    if (call.endpoint == Endpoint.IMAGES) return imageResponse(body)
    switch (family(call)) {
        case 'converse':
            List blocks = body.output.message.content
            return reply(call, blocks*.text.findAll().join(''), blocks*.toolUse.findAll().collect { toolCall(it.toolUseId, it.name, it.input) },
                    body.stopReason, usage(body.usage.inputTokens, body.usage.outputTokens), blocks*.reasoningContent.findAll().collect { thinkingBlock(it) })
        case 'claude':
            return reply(call, body.content.findAll { it.type == 'text' }*.text.join(''),
                    body.content.findAll { it.type == 'tool_use' }.collect { toolCall(it.id, it.name, it.input) },
                    body.stop_reason, usage(body.usage.input_tokens, body.usage.output_tokens),
                    body.content.findAll { it.type in ['thinking', 'redacted_thinking'] })
        case 'claude-text': return reply(call, body.completion, [], body.stop_reason, counted(call, body.completion))
        case 'ai21':
            def c = body.completions[0]
            return reply(call, c.data.text, [], c.finishReason.reason, usage(body.prompt.tokens.size(), c.data.tokens.size()))
        case 'cohere': return reply(call, body.generations[0].text, [], body.generations[0].finish_reason, counted(call, body.generations[0].text))
        case 'cohere-chat': return reply(call, body.text, [], body.finish_reason, counted(call, body.text))
        case 'titan':
            def r = body.results[0]
            return reply(call, r.outputText, [], r.completionReason, usage(body.inputTextTokenCount, r.tokenCount))
        case 'llama': return reply(call, body.generation, [], body.stop_reason, usage(body.prompt_token_count, body.generation_token_count))
        case 'mistral': return reply(call, body.outputs[0].text, [], body.outputs[0].stop_reason, counted(call, body.outputs[0].text))
        case 'titan-embed': return embeddingResponse(call, [body.embedding], usage(body.inputTextTokenCount, 0))
        case 'cohere-embed': return embeddingResponse(call, body.embeddings, usage(countTokens(body.texts?.join('\n') ?: ''), 0))
    }
}

// ConverseStream events come by name; InvokeModelWithResponseStream wraps each family chunk as {"bytes": base64}.
def streamEvent(Call call, StreamEvent event) {
    String family = family(call)
    if (family == 'converse') return converseChunk(call, event.event, event.map())
    Map part = Json.parseObject(new String(event.map().bytes.decodeBase64(), 'UTF-8'))
    def out = [familyChunk(call, family, part)]
    def metrics = part['amazon-bedrock-invocationMetrics']
    if (metrics && call.includeUsage()) out << usageChunk(call, usage(metrics.inputTokenCount, metrics.outputTokenCount))
    out.findAll()
}

// Requests.

private String modelId(Call call) { call.model.replaceFirst(/^(converse|invoke)\//, '') }

// The model id without a cross-region inference profile's prefix.
private String baseId(Call call) { modelId(call).replaceFirst(/^(us|eu|apac|us-gov|global)\./, '') }

private String family(Call call) {
    String id = baseId(call)
    String family = call.model.startsWith('converse/') ? 'converse' : FAMILIES.find { id.startsWith(it.key) }?.value
    if (!family && call.model.startsWith('invoke/'))
        throw LlmError.badRequest("no InvokeModel body known for '${modelId(call)}': use bedrock/converse/${modelId(call)}", 'model')
    family = family ?: 'converse'
    if (call.isEmbedding() != (family in ['titan-embed', 'cohere-embed']))
        throw LlmError.badRequest("bedrock model '${modelId(call)}' does not serve /${call.endpoint.path}", 'model')
    family
}

private Map invokeBody(Call call, String family) {
    def b = call.body
    switch (family) {
        case 'claude-text':
            return compact(prompt: claudePrompt(call), max_tokens_to_sample: b.max_tokens ?: 256, temperature: b.temperature,
                    top_p: b.top_p, top_k: b.top_k, stop_sequences: stops(call))
        case 'claude':
            def tools = b.tools?.collect { [name: it.function.name, description: it.function.description, input_schema: it.function.parameters] }
            Map thinking = ReasoningEffort.claudeThinking(b)
            return compact(anthropic_version: 'bedrock-2023-05-31', max_tokens: maxTokens(b, thinking) ?: DEFAULT_MAX_TOKENS,
                    system: systemText(call) ?: null, messages: anthropicMessages(call), thinking: thinking, temperature: b.temperature,
                    top_p: b.top_p, top_k: b.top_k, stop_sequences: stops(call), tools: tools, tool_choice: anthropicToolChoice(b.tool_choice))
        case 'ai21':
            return compact(prompt: prompt(call), maxTokens: b.max_tokens, temperature: b.temperature, topP: b.top_p, stopSequences: stops(call),
                    presencePenalty: b.presence_penalty == null ? null : [scale: b.presence_penalty],
                    frequencyPenalty: b.frequency_penalty == null ? null : [scale: b.frequency_penalty])
        case 'cohere':
            return compact(prompt: prompt(call), max_tokens: b.max_tokens, temperature: b.temperature, p: b.top_p, k: b.top_k,
                    stop_sequences: stops(call), stream: call.stream)
        case 'cohere-chat':
            List turns = messages(call).findAll { it.role != 'system' }
            return compact(message: text(turns[-1].content),
                    chat_history: turns[0..<-1].collect { [role: it.role == 'assistant' ? 'CHATBOT' : 'USER', message: text(it.content)] },
                    preamble: systemText(call) ?: null, max_tokens: b.max_tokens, temperature: b.temperature, p: b.top_p, k: b.top_k,
                    stop_sequences: stops(call))
        case 'titan':
            return [inputText: prompt(call), textGenerationConfig: compact(maxTokenCount: b.max_tokens, temperature: b.temperature,
                    topP: b.top_p, stopSequences: stops(call))]
        case 'llama': return compact(prompt: prompt(call), max_gen_len: b.max_tokens, temperature: b.temperature, top_p: b.top_p)
        case 'mistral':
            return compact(prompt: prompt(call), max_tokens: b.max_tokens, stop: stops(call), temperature: b.temperature, top_p: b.top_p, top_k: b.top_k)
        case 'titan-embed':
            List inputs = b.input instanceof List ? b.input : [b.input]
            if (inputs.size() != 1) throw LlmError.badRequest('Titan embeddings take one input per request', 'input')
            return compact(inputText: inputs[0], dimensions: b.dimensions)
        case 'cohere-embed': return [texts: b.input instanceof List ? b.input : [b.input], input_type: 'search_document']
    }
}

// Claude v2 and instant: a "\n\nHuman: ...\n\nAssistant:" transcript, the system prompt before the first turn.
private String claudePrompt(Call call) {
    if (!call.isChat()) {
        String p = prompt(call)
        return p.startsWith('\n\nHuman:') ? p : "\n\nHuman: ${p}\n\nAssistant:"
    }
    call.body.messages.collect { m ->
        m.role == 'system' ? text(m.content) : "\n\n${m.role == 'assistant' ? 'Assistant' : 'Human'}: ${text(m.content)}"
    }.join('') + '\n\nAssistant:'
}

private List anthropicMessages(Call call) {
    merge(messages(call).findAll { it.role != 'system' }.collect { m ->
        if (m.role == 'tool') return [role: 'user', content: [[type: 'tool_result', tool_use_id: m.tool_call_id, content: text(m.content)]]]
        if (m.content instanceof String && !m.tool_calls && !m.thinking_blocks) return [role: m.role, content: m.content]
        def content = (m.thinking_blocks ?: []) + parts(m.content).collect { it.type == 'text' ? [type: 'text', text: it.text] : [type: 'image', source: image(it)] }
        m.tool_calls.each { content << [type: 'tool_use', id: it.id, name: it.function.name, input: arguments(it)] }
        [role: m.role, content: content]
    })
}

// Claude wants max_tokens above the thinking budget: without the client's own, the budget comes on top of the default.
private static Integer maxTokens(Map b, Map thinking) {
    b.max_tokens ?: (thinking?.budget_tokens ? DEFAULT_MAX_TOKENS + thinking.budget_tokens : null)
}

// A thinking block (Anthropic's shape, which clients send back) as Converse's reasoningContent, and back.
private Map reasoningContent(Map block) {
    block.type == 'redacted_thinking' ? [redactedContent: block.data] : [reasoningText: compact(text: block.thinking ?: '', signature: block.signature)]
}

// Unsigned thinking (gpt-oss, Nova 2, DeepSeek-R1) goes back as text: those models take no reasoningContent signature.
private List thinkingContent(List blocks) {
    blocks.findResults { Map b -> b.type == 'thinking' && !b.signature ? (b.thinking ? [text: b.thinking] : null) : [reasoningContent: reasoningContent(b)] }
}

private Map thinkingBlock(Map reasoning) {
    reasoning.redactedContent != null ? [type: 'redacted_thinking', data: reasoning.redactedContent]
        : compact(type: 'thinking', thinking: reasoning.reasoningText.text, signature: reasoning.reasoningText.signature)
}

private Map anthropicToolChoice(choice) {
    if (choice == null || choice == 'none') return null
    choice == 'auto' ? [type: 'auto'] : choice == 'required' ? [type: 'any'] : [type: 'tool', name: choice.function.name]
}

private Map converseBody(Call call) {
    def b = call.body
    List msgs = merge(messages(call).findAll { it.role != 'system' }.collect { m ->
        if (m.role == 'tool') return [role: 'user', content: [[toolResult: [toolUseId: m.tool_call_id, content: [[text: text(m.content)]]]]]]
        def content = thinkingContent(m.thinking_blocks ?: []) + parts(m.content).collect { p ->
            if (p.type == 'text') return [text: p.text]
            Map img = image(p)
            [image: [format: img.media_type - 'image/', source: [bytes: img.data]]]
        }
        m.tool_calls.each { content << [toolUse: [toolUseId: it.id, name: it.function.name, input: arguments(it)]] }
        [role: m.role, content: content]
    })
    def tools = b.tools?.collect { [toolSpec: [name: it.function.name, description: it.function.description, inputSchema: [json: it.function.parameters]]] }
    def choice = b.tool_choice
    def toolChoice = choice == 'auto' ? [auto: [:]] : choice == 'required' ? [any: [:]] : choice instanceof Map ? [tool: [name: choice.function.name]] : null
    Map reasoning = reasoningFields(call)
    def config = compact(maxTokens: maxTokens(b, reasoning.thinking), temperature: b.temperature, topP: b.top_p, stopSequences: stops(call))
    String system = systemText(call)
    compact(messages: msgs, system: system ? [[text: system]] : null, inferenceConfig: config ?: null,
            additionalModelRequestFields: compact([top_k: b.top_k] + reasoning) ?: null,
            toolConfig: tools && choice != 'none' ? compact(tools: tools, toolChoice: toolChoice) : null)
}

// reasoning_effort (or Anthropic's thinking, for Claude) in each family's own field of additionalModelRequestFields.
private Map reasoningFields(Call call) {
    String id = baseId(call), effort = call.body.reasoning_effort == null ? null : ReasoningEffort.of(call.body.reasoning_effort)
    if (id.startsWith('anthropic.')) return [thinking: ReasoningEffort.claudeThinking(call.body)]
    if (!effort) return [:]
    if (id.contains('gpt-oss')) return [reasoning_effort: effort]
    if (!id.startsWith('amazon.nova-2-')) return [:]
    if (!(effort in ['low', 'medium', 'high']))
        throw LlmError.badRequest("Nova 2 takes reasoning_effort low, medium or high; got '${effort}'", 'reasoning_effort', 'invalid_value')
    [reasoningConfig: [type: 'enabled', maxReasoningEffort: effort]]
}

private List messages(Call call) { call.isChat() ? call.body.messages : [[role: 'user', content: prompt(call)]] }

private String systemText(Call call) { messages(call).findAll { it.role == 'system' }.collect { text(it.content) }.join('\n') }

private String text(content) { PromptTemplates.text(content) }

private List parts(content) { content instanceof List ? content : content ? [[type: 'text', text: content]] : [] }

private List stops(Call call) { call.body.stop == null ? null : call.body.stop instanceof List ? call.body.stop : [call.body.stop] }

private Map arguments(toolCall) { Json.parseObject(toolCall.function.arguments ?: '{}') }

// Bedrock takes images inline: an OpenAI image_url part must be a data: URL.
private Map image(part) {
    def m = (part.image_url?.url ?: '') =~ /^data:(image\/[a-z]+);base64,(.*)$/
    if (!m.matches()) throw LlmError.badRequest('Bedrock needs images inline, as data:image/...;base64 URLs', 'messages')
    [type: 'base64', media_type: m.group(1), data: m.group(2)]
}

// Consecutive messages of one role become one: Bedrock wants user and assistant turns to alternate.
private List merge(List messages) {
    messages.inject([]) { List out, m ->
        if (out && out[-1].role == m.role) out[-1] = [role: m.role, content: blocks(out[-1].content) + blocks(m.content)]
        else out << m
        out
    }
}

private List blocks(content) { content instanceof List ? content : [[type: 'text', text: content]] }

private Map compact(Map m) { m.findAll { k, v -> v != null } }

// Responses.

private Map reply(Call call, String text, List toolCalls, String reason, Map usage, List thinkingBlocks = []) {
    if (!call.isChat()) return textResponse(call, text, finish(reason), usage)
    Map r = chatResponse(call, toolCalls && !text ? null : text, finish(reason), usage)
    Map message = r.choices[0].message
    addThinkingBlocks(message, thinkingBlocks)
    if (toolCalls) message.tool_calls = toolCalls
    r
}

// For families that report no usage: tokens counted as LiteLLM does when a backend gives none.
private Map counted(Call call, String answer) {
    usage(countTokens(messages(call).collect { text(it.content) }.join('\n')), countTokens(answer ?: ''))
}

private Map toolCall(String id, String name, input) { [id: id, type: 'function', function: [name: name, arguments: Json.text(input)]] }

private String finish(String reason) { reason == null ? null : FINISH[reason] ?: 'stop' }

// Stream chunks.

private Map familyChunk(Call call, String family, Map part) {
    switch (family) {
        case 'claude': return claudeChunk(call, part)
        case 'claude-text': return delta(call, part.completion, part.stop_reason)
        case 'titan': return delta(call, part.outputText, part.completionReason)
        case 'llama': return delta(call, part.generation, part.stop_reason)
        case 'mistral': return delta(call, part.outputs[0].text, part.outputs[0].stop_reason)
        default: return delta(call, part.text, part.is_finished ? part.finish_reason : null) // Cohere Command, Command R
    }
}

// Claude 3+: one Anthropic Messages stream event per chunk.
private Map claudeChunk(Call call, Map e) {
    switch (e.type) {
        case 'message_start': return chunk(call, [role: 'assistant', content: ''], null)
        case 'content_block_start':
            if (e.content_block.type == 'redacted_thinking') return thinkingDelta(call, null, null, e.content_block.data)
            if (e.content_block.type != 'tool_use') return null
            return toolDelta(call, e.index, e.content_block.id, e.content_block.name, '')
        case 'content_block_delta':
            if (e.delta.type == 'input_json_delta') return toolDelta(call, e.index, null, null, e.delta.partial_json)
            if (e.delta.type in ['thinking_delta', 'signature_delta']) return thinkingDelta(call, e.delta.thinking, e.delta.signature, null)
            return delta(call, e.delta.text, null)
        case 'message_delta': return chunk(call, [:], finish(e.delta.stop_reason))
        default: return null
    }
}

private def converseChunk(Call call, String name, Map e) {
    switch (name) {
        case 'messageStart': return chunk(call, [role: 'assistant', content: ''], null)
        case 'contentBlockStart':
            return e.start?.toolUse ? toolDelta(call, e.contentBlockIndex, e.start.toolUse.toolUseId, e.start.toolUse.name, '') : null
        case 'contentBlockDelta':
            if (e.delta.toolUse) return toolDelta(call, e.contentBlockIndex, null, null, e.delta.toolUse.input)
            Map r = e.delta.reasoningContent
            if (r) return thinkingDelta(call, r.text, r.signature, r.redactedContent)
            return delta(call, e.delta.text, null)
        case 'messageStop': return chunk(call, [:], finish(e.stopReason))
        case 'metadata': return call.includeUsage() ? usageChunk(call, usage(e.usage.inputTokens, e.usage.outputTokens)) : null
        default: return null
    }
}

private Map delta(Call call, String text, String reason) {
    if (!text && reason == null) return null
    chunk(call, text ? [role: 'assistant', content: text] : [:], finish(reason))
}

// A piece of thinking, streamed as anthropic.groovy streams it: its text as reasoning_content, a signature or a redacted
// block as a thinking_blocks delta. A text completion has no place for it.
private Map thinkingDelta(Call call, String text, String signature, String redacted) {
    if (!call.isChat()) return null
    Map block = redacted != null ? [type: 'redacted_thinking', data: redacted]
        : signature != null ? [type: 'thinking', thinking: '', signature: signature] : null
    chunk(call, block ? [thinking_blocks: [block]] : [reasoning_content: text], null)
}

// OpenAI numbers a message's tool calls from 0; Bedrock numbers its content blocks, text and thinking included.
private Map toolDelta(Call call, block, String id, String name, String arguments) {
    Map tools = call.state.computeIfAbsent('tools') { [:] } // content block index -> index in tool_calls
    if (id) tools[block] = tools.size()
    Map function = compact(name: name, arguments: arguments)
    chunk(call, [tool_calls: [compact(index: tools[block], id: id, type: id ? 'function' : null, function: function)]], null)
}

private Map chunk(Call call, Map delta, String reason) {
    call.isChat() ? chatChunk(call, streamId(call), delta, reason) : textChunk(call, streamId(call), delta.content ?: '', reason)
}

private Map usageChunk(Call call, Map usage) {
    OpenAiObjects.usageChunk(streamId(call), call.isChat() ? 'chat.completion.chunk' : 'text_completion', OpenAiObjects.now(), call.model, usage)
}

// Images.

// OpenAI's sizes as the aspect ratios Stability's newer models take (any other size: 1:1)
@Field static final Map STABILITY_RATIOS = ['1024x1024': '1:1', '1792x1024': '16:9', '1024x1792': '9:16', '1280x896': '3:2', '896x1280': '2:3']

private Map imageBody(Call call) {
    def b = call.body
    String id = baseId(call)
    List size = (b.size ?: '1024x1024').toString().split('x').collect { it as int }
    if (id.startsWith('stability.stable-diffusion-xl'))
        return compact(text_prompts: [[text: b.prompt, weight: 1]], width: size[0], height: size[1], samples: b.n)
    if (id.startsWith('stability.'))
        return compact(prompt: b.prompt, aspect_ratio: STABILITY_RATIOS.get(b.size ?: '1024x1024', '1:1'), mode: 'text-to-image')
    if (id.startsWith('amazon.titan-image') || id.startsWith('amazon.nova-canvas'))
        return [taskType: 'TEXT_IMAGE', textToImageParams: [text: b.prompt],
                imageGenerationConfig: compact(numberOfImages: b.n ?: 1, width: size[0], height: size[1], quality: b.quality == 'hd' ? 'premium' : 'standard')]
    throw LlmError.badRequest("bedrock model '${modelId(call)}' is not an image model this proxy knows (stability.*, amazon.titan-image-*, amazon.nova-canvas-*)", 'model')
}

private static Map imageResponse(Map body) {
    List images = body.artifacts ? body.artifacts*.base64 : (body.images ?: [])
    [created: System.currentTimeMillis().intdiv(1000), data: images.collect { [b64_json: it] }]
}
