// A custom scorer: ./jbang scripts/eval.java ... --scorers examples/eval/scorers --scorer brief
// 1 for a reply of at most 30 words, falling to 0 at 130 words: a model that rambles costs more and reads worse.
// `item` has input, expected, choices, id and every field of the data; `reply` is the model's text.
// Return true/false, a number, or [score: x, note: 'why'] (the note shows in results.jsonl and the report).

def score(item, reply) {
    int words = reply.split(/\s+/).findAll().size()
    double score = Math.max(0, Math.min(1, (130 - words) / 100.0))
    [score: score, note: "${words} words"]
}
