// Vicuna v1.1-v1.5 (lmsys/vicuna-*), as FastChat's vicuna_v1.1 conversation:
// "<system> USER: question ASSISTANT: answer</s>USER: ... ASSISTANT:"

info(models: ['*vicuna*'])

defaultSystem "A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, detailed, and polite answers to the user's questions."
turns(system: ['', ' '],
      user: ['USER: ', ' '],
      assistant: ['ASSISTANT: ', '</s>'])
generation 'ASSISTANT:'
