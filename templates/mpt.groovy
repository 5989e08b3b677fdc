// MPT chat (mosaicml/mpt-7b-chat, mpt-30b-chat): ChatML with MosaicML's default system prompt.

info(models: ['*mpt*chat*'])

defaultSystem '''\
- You are a helpful assistant chatbot trained by MosaicML.
- You answer questions.
- You are excited to be able to help the user, but will refuse to do anything that could be considered harmful to the user.
- You are more than just an information source, you are also able to write poetry, short stories, and make jokes.'''
turns(system: ['<|im_start|>system\n', '<|im_end|>\n'],
      user: ['<|im_start|>user\n', '<|im_end|>\n'],
      assistant: ['<|im_start|>assistant\n', '<|im_end|>\n'])
generation '<|im_start|>assistant\n'
