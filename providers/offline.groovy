// A model that runs inside the proxy: no network, no key, the same answer for the same input.
// It is the default when neither --model nor --config is given, so a fresh install answers
// real requests; tests and demos use it too. Usage counts words, not a tokenizer's tokens.

info(endpoints: ['chat/completions', 'completions', 'embeddings'])

def answer(Call call) {
    switch (call.endpoint) {
        case Endpoint.CHAT:
            String asked = lastUserText(call.body.messages)
            String reply = reply(asked)
            return chatResponse(call, reply, 'stop', usage(words(call.body.messages*.content.join(' ')), words(reply)))
        case Endpoint.COMPLETIONS:
            String prompt = call.body.prompt instanceof List ? call.body.prompt.join(' ') : call.body.prompt
            String text = (call.body.echo ? prompt : '') + reply(prompt)
            return textResponse(call, text, 'stop', usage(words(prompt), words(text)))
        case Endpoint.EMBEDDINGS:
            List inputs = call.body.input instanceof List ? call.body.input : [call.body.input]
            return embeddingResponse(call, inputs.collect { vector(it.toString()) }, usage(inputs.sum { words(it.toString()) }, 0))
    }
}

private String reply(String asked) {
    "This is the offline model of litellm.java. You said: \"${asked.trim()}\". " +
        "Start the proxy with --model to reach a real one."
}

private String lastUserText(List messages) {
    def content = messages.reverse().find { it.role == 'user' }?.content
    content instanceof List ? content.findAll { it.type == 'text' }*.text.join(' ') : (content ?: '')
}

private long words(String text) { text ? text.split(/\s+/).findAll().size() : 0 }

// Eight numbers from the text's hash, scaled to length 1: equal texts get equal vectors.
private List<Double> vector(String text) {
    def random = new Random(text.hashCode())
    def v = (1..8).collect { random.nextGaussian() }
    double norm = Math.sqrt(v.sum { it * it })
    v.collect { it / norm }
}
