// ChatML (OpenHermes 2/2.5, Nous Hermes 2, Dolphin, OpenOrca), as teknium/OpenHermes-2.5-Mistral-7B's chat_template.

info(models: ['*openhermes*', '*nous-hermes-2*', '*dolphin*', '*openorca*', '*chatml*'])

turns(system: ['<|im_start|>system\n', '<|im_end|>\n'],
      user: ['<|im_start|>user\n', '<|im_end|>\n'],
      assistant: ['<|im_start|>assistant\n', '<|im_end|>\n'],
      tool: ['<|im_start|>tool\n', '<|im_end|>\n'])
generation '<|im_start|>assistant\n'
