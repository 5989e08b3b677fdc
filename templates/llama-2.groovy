// Llama-2 chat (meta-llama/Llama-2-*-chat-hf), as its tokenizer_config.json chat_template:
// each user turn is <s>[INST] ... [/INST], each answer " ... </s>"; the system prompt goes in
// <<SYS>> at the top of the first turn.

info(models: ['*llama-2-*chat*', '*llama2*chat*', 'llama2', 'llama2:*'], bos: '<s>', eos: '</s>')

String render(List<Map> messages) {
    String system = messages && messages[0].role == 'system' ? messages[0].content : null
    List<Map> turns = system == null ? messages : messages.drop(1)
    turns.withIndex().collect { m, i ->
        String content = i == 0 && system != null ? "<<SYS>>\n${system}\n<</SYS>>\n\n${m.content}" : m.content
        m.role == 'user' ? "${bos}[INST] ${content.strip()} [/INST]" : m.role == 'assistant' ? " ${content.strip()} ${eos}" : ''
    }.join()
}
