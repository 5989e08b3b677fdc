// Mistral and Mixtral instruct (mistralai/Mistral-7B-Instruct-v0.1/v0.2, Mixtral-8x7B-Instruct-v0.1),
// as their chat_template: <s>[INST] question [/INST]answer</s>[INST] ...
// The models have no system role: a system message opens the first user turn.

info(models: ['*mistral*instruct*', '*mixtral*instruct*', 'mistral', 'mistral:*', 'mixtral', 'mixtral:*'])

start '<s>'
turns(user: ['[INST] ', ' [/INST]'],
      assistant: ['', '</s>'])
systemInFirstUser '\n\n'
