// Alpaca (tatsu-lab/stanford_alpaca and its fine-tunes): the instruction preamble, then
// "### Instruction:" and "### Response:" blocks.

info(models: ['*alpaca*'])

defaultSystem 'Below is an instruction that describes a task. Write a response that appropriately completes the request.'
turns(system: ['', '\n\n'],
      user: ['### Instruction:\n', '\n\n'],
      assistant: ['### Response:\n', '\n\n'])
generation '### Response:\n'
