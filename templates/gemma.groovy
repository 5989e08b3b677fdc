// Gemma instruct (google/gemma-2b-it, gemma-7b-it), as its chat_template: <start_of_turn>user/model turns.
// Gemma has no system role: a system message opens the first user turn.

info(models: ['*gemma*-it*', 'gemma', 'gemma:*'])

start '<bos>'
turns(user: ['<start_of_turn>user\n', '<end_of_turn>\n'],
      assistant: ['<start_of_turn>model\n', '<end_of_turn>\n'])
trim true
systemInFirstUser '\n\n'
generation '<start_of_turn>model\n'
