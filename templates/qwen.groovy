// Qwen chat (Qwen/Qwen1.5-*-Chat): ChatML with a default system prompt, as its chat_template.

info(models: ['*qwen*chat*', '*qwen*instruct*', 'qwen', 'qwen:*'])

defaultSystem 'You are a helpful assistant'
turns(system: ['<|im_start|>system\n', '<|im_end|>\n'],
      user: ['<|im_start|>user\n', '<|im_end|>\n'],
      assistant: ['<|im_start|>assistant\n', '<|im_end|>\n'])
generation '<|im_start|>assistant\n'
