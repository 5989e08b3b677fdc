// Anthropic's Claude models.
//   --model claude-3-5-sonnet-20241022    (bare claude-* names come here, as does anthropic/<model>)
// Env: ANTHROPIC_API_KEY (sent as x-api-key), ANTHROPIC_API_BASE (default https://api.anthropic.com).
// Messages API (POST /v1/messages, anthropic-version 2023-06-01) for every model but claude-2,
// claude-2.0, claude-2.1 and claude-instant-1*: those get the legacy Text Completions API
// (POST /v1/complete, a "\n\nHuman: ...\n\nAssistant:" prompt) they were made for.
// Mapping: system messages -> system; consecutive same-role messages are merged; max_tokens defaults
// to 4096; stop -> stop_sequences; user -> metadata.user_id; tools, tool_choice, tool_calls and
// role "tool" results <-> tools, tool_use and tool_result blocks; image_url parts -> image blocks.
// The Text Completions API counts no tokens: its usage is estimated at 4 characters a token.
// Extended thinking, as LiteLLM maps it: reasoning_effort -> thinking.budget_tokens (ReasoningEffort's budgets,
// at least Anthropic's 1024; or Anthropic's own thinking parameter); thinking blocks -> message.reasoning_content and
// thinking_blocks (with their signatures), streamed as reasoning_content and thinking_blocks deltas; an
// assistant message's thinking_blocks go back first in its turn, as Anthropic needs them with tool use.
// Errors keep Anthropic's status and message (429 keeps Retry-After; 529 "overloaded" stays 529, a
// 5xx that OpenAI clients retry); an error event mid-stream becomes an error event with code = its type.
// Anthropic's own API (the proxy's /v1/messages and /v1/messages/count_tokens) is passed on as it is: the
// client's body with the deployment's model, key and anthropic-version, and the client's anthropic-beta header;
// the answer and each event back unchanged.

import groovy.transform.Field
import litellm.anthropic.MessagesRequest
import litellm.json.Json
import litellm.template.PromptTemplates

info(
    apiBase: 'https://api.anthropic.com',
    apiBaseEnv: ['ANTHROPIC_API_BASE', 'ANTHROPIC_BASE_URL'],
    apiKeyEnv: 'ANTHROPIC_API_KEY',
    stream: 'sse',
    endpoints: ['chat/completions', 'messages', 'messages/count_tokens'],
    thinkingBlocks: true,
    params: ['max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'top_k', 'stop',
             'tools', 'tool_choice', 'parallel_tool_calls', 'user', 'reasoning_effort', 'thinking'],
)

@Field static final int DEFAULT_MAX_TOKENS = 4096
@Field static final Map FINISH = [end_turn: 'stop', stop_sequence: 'stop', pause_turn: 'stop', max_tokens: 'length',
                                  tool_use: 'tool_calls', refusal: 'content_filter']

def request(Call call) {
    if (!call.isChat()) return passedOn(call)
    Map b = call.body
    List messages = b.messages
    boolean legacy = legacy(call)
    Map thinking = legacy ? null : ReasoningEffort.claudeThinking(b)
    Map api = legacy
        ? [prompt: humanAssistant(messages), max_tokens_to_sample: maxTokens(b, null)]
        : [max_tokens: maxTokens(b, thinking), system: system(messages), messages: turns(messages), thinking: thinking,
           tools: tools(b.tools), tool_choice: toolChoice(b.tool_choice, b.parallel_tool_calls)]
    Map body = [model: call.model] + api + [
        temperature   : b.temperature, top_p: b.top_p, top_k: b.top_k,
        stop_sequences: b.stop == null ? null : b.stop instanceof List ? b.stop : [b.stop],
        metadata      : b.user ? [user_id: b.user] : null,
        stream        : call.stream ?: null]
    [url    : "${base(call)}/v1/${legacy ? 'complete' : 'messages'}",
     headers: headers(call),
     body   : body.findAll { k, v -> v != null }]
}

private static Map headers(Call call) { ['x-api-key': call.apiKey, 'anthropic-version': '2023-06-01'] }

// LiteLLM's ANTHROPIC_API_BASE may be the host or the whole endpoint (https://api.anthropic.com/v1/messages)
private static String base(Call call) { call.apiBase.replaceFirst('/v1/(messages(/count_tokens)?|complete)$', '') }

/** A request in Anthropic's own API: the client's body with the deployment's model; the client's betas as Anthropic's header. */
private static Map passedOn(Call call) {
    Map body = [model: call.model] + call.body
    def betas = body.remove(MessagesRequest.BETA_HEADER)
    [url: "${base(call)}/v1/${call.endpoint.path}", headers: headers(call) + (betas ? ['anthropic-beta': betas] : [:]), body: body]
}

def response(Call call, body) {
    if (!call.isChat()) return body
    if (legacy(call)) return withId(chatResponse(call, body.completion, FINISH[body.stop_reason], estimatedUsage(call, body.completion)), body.id)
    String text = body.content.findAll { it.type == 'text' }*.text.join('')
    List toolUses = body.content.findAll { it.type == 'tool_use' }
    Map r = chatResponse(call, toolUses && !text ? null : text, FINISH[body.stop_reason], usage(promptTokens(body.usage), body.usage.output_tokens ?: 0))
    Map message = r.choices[0].message
    addThinkingBlocks(message, body.content.findAll { it.type in ['thinking', 'redacted_thinking'] })
    if (toolUses) message.tool_calls = toolUses.collect {
        [id: it.id, type: 'function', function: [name: it.name, arguments: Json.text(it.input)]]
    }
    withId(r, body.id)
}

def streamEvent(Call call, StreamEvent event) {
    if (!call.isChat()) return event
    Map e = event.map(), st = call.state
    switch (event.event ?: e.type) {
        case 'message_start':
            st.id = e.message.id
            st.promptTokens = promptTokens(e.message.usage)
            st.tools = [:] // content block index -> index in OpenAI's tool_calls
            return chunk(call, [role: 'assistant', content: ''])
        case 'content_block_start':
            Map block = e.content_block
            if (block.type == 'redacted_thinking') return chunk(call, [thinking_blocks: [block]])
            if (block.type != 'tool_use') return block.text ? chunk(call, [content: block.text]) : null
            st.tools[e.index] = st.tools.size()
            return chunk(call, [tool_calls: [[index: st.tools[e.index], id: block.id, type: 'function', function: [name: block.name, arguments: '']]]])
        case 'content_block_delta':
            Map d = e.delta
            if (d.type == 'text_delta') return chunk(call, [content: d.text])
            if (d.type == 'thinking_delta') return chunk(call, [reasoning_content: d.thinking])
            if (d.type == 'signature_delta') return chunk(call, [thinking_blocks: [[type: 'thinking', thinking: '', signature: d.signature]]])
            if (d.type == 'input_json_delta' && d.partial_json) return chunk(call, [tool_calls: [[index: st.tools[e.index], function: [arguments: d.partial_json]]]])
            return null
        case 'message_delta':
            Map u = e.usage ?: [:]
            List out = [chunk(call, [:], FINISH[e.delta.stop_reason])]
            if (call.includeUsage()) out << usageChunk(call, usage(u.input_tokens != null ? promptTokens(u) : st.promptTokens, u.output_tokens ?: 0))
            return out
        case 'completion':
            return legacyChunks(call, e)
        case 'error':
            return [error: [message: e.error?.message ?: event.data, type: 'api_error', code: e.error?.type]]
        default: // ping, content_block_stop, message_stop
            return null
    }
}

/** The models Anthropic served through the Text Completions API only. */
private boolean legacy(Call call) { call.model ==~ /claude-(2|2\.0|2\.1|instant-1.*)/ }

// Anthropic wants max_tokens above the thinking budget: without the client's own, the budget comes on top.
private static int maxTokens(Map b, Map thinking) {
    b.max_tokens ?: b.max_completion_tokens ?: DEFAULT_MAX_TOKENS + (thinking?.budget_tokens ?: 0)
}

private static String system(List messages) {
    messages.findAll { it.role == 'system' }.collect { PromptTemplates.text(it.content) }.join('\n') ?: null
}

/** Messages API turns: user and assistant only, alternating; tool results are user turns. */
private List turns(List messages) {
    List out = []
    messages.findAll { it.role != 'system' }.each { m ->
        String role = m.role == 'assistant' ? 'assistant' : 'user'
        def content = m.role == 'tool' ? [[type: 'tool_result', tool_use_id: m.tool_call_id, content: PromptTemplates.text(m.content)]]
            : m.tool_calls || m.thinking_blocks ? (m.thinking_blocks ?: []) + blocks(m.content) + (m.tool_calls ?: []).collect { toolUse(it) }
            : m.content instanceof List ? blocks(m.content) : (m.content ?: '')
        if (out && out[-1].role == role) out[-1].content = blocks(out[-1].content) + blocks(content)
        else out << [role: role, content: content]
    }
    out
}

/** Content as Anthropic blocks: a string becomes a text block, OpenAI image_url parts image blocks. */
private List blocks(content) {
    if (!content) return []
    if (content instanceof String) return [[type: 'text', text: content]]
    content.collect { it.type == 'image_url' ? image(it.image_url) : it }
}

private static Map image(imageUrl) {
    String url = imageUrl instanceof Map ? imageUrl.url : imageUrl
    def data = url =~ /(?s)^data:([^;,]+);base64,(.*)$/
    [type: 'image', source: data ? [type: 'base64', media_type: data[0][1], data: data[0][2]] : [type: 'url', url: url]]
}

private static Map toolUse(Map toolCall) {
    String args = toolCall.function.arguments
    try {
        [type: 'tool_use', id: toolCall.id, name: toolCall.function.name, input: args ? Json.parseObject(args) : [:]]
    } catch (IOException e) {
        throw LlmError.badRequest("the arguments of tool call ${toolCall.id} are not a JSON object: ${args}", 'messages')
    }
}

private static List tools(List tools) {
    tools?.collect {
        [name: it.function.name, description: it.function.description,
         input_schema: it.function.parameters ?: [type: 'object', properties: [:]]].findAll { k, v -> v != null }
    }
}

private static Map toolChoice(choice, parallel) {
    Map c = choice == null ? null
        : choice instanceof Map ? [type: 'tool', name: choice.function?.name]
        : [type: [auto: 'auto', required: 'any', none: 'none'][choice] ?: choice]
    if (parallel == false) (c = c ?: [type: 'auto']).disable_parallel_tool_use = true
    c
}

private static long promptTokens(Map u) {
    (u.input_tokens ?: 0) + (u.cache_creation_input_tokens ?: 0) + (u.cache_read_input_tokens ?: 0)
}

/** The Text Completions prompt: the system text, then "\n\nHuman: ..." and "\n\nAssistant: ..." turns. */
private static String humanAssistant(List messages) {
    List said = messages.findAll { it.role != 'system' }
    String prompt = (system(messages) ?: '') + said.collect {
        "\n\n${it.role == 'assistant' ? 'Assistant' : 'Human'}: ${PromptTemplates.text(it.content)}"
    }.join('')
    said && said[-1].role == 'assistant' ? prompt : prompt + '\n\nAssistant:' // a last assistant turn is a prefill
}

private List legacyChunks(Call call, Map e) {
    Map st = call.state
    List out = []
    if (!st.id) {
        st.id = OpenAiObjects.newId('chatcmpl-')
        out << chunk(call, [role: 'assistant', content: ''])
    }
    st.text = (st.text ?: '') + (e.completion ?: '')
    if (e.completion) out << chunk(call, [content: e.completion])
    if (e.stop_reason) {
        out << chunk(call, [:], FINISH[e.stop_reason])
        if (call.includeUsage()) out << usageChunk(call, estimatedUsage(call, st.text))
    }
    out
}

private Map estimatedUsage(Call call, String completion) {
    usage(estimate(humanAssistant(call.body.messages)), estimate(completion))
}

private static long estimate(String text) { text ? (text.length() + 3).intdiv(4) : 0 }

private Map chunk(Call call, Map delta, String finishReason = null) { chatChunk(call, call.state.id, delta, finishReason) }

private Map usageChunk(Call call, Map usage) {
    OpenAiObjects.usageChunk(call.state.id, 'chat.completion.chunk', OpenAiObjects.now(), call.model, usage)
}

private static Map withId(Map response, id) {
    if (id) response.id = id
    response
}
