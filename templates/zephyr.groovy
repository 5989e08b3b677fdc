// Zephyr (HuggingFaceH4/zephyr-7b-alpha/beta), as its chat_template: <|user|>\n...</s>\n<|assistant|>\n

info(models: ['*zephyr*'])

turns(system: ['<|system|>\n', '</s>\n'],
      user: ['<|user|>\n', '</s>\n'],
      assistant: ['<|assistant|>\n', '</s>\n'])
generation '<|assistant|>\n'
