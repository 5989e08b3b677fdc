// Orca mini (pankajmathur/orca_mini_3b/7b/13b), as its model card: "### System:", "### User:"
// and "### Response:" blocks, with its default system prompt.

info(models: ['*orca_mini*', '*orca-mini*'])

defaultSystem 'You are an AI assistant that follows instruction extremely well. Help as much as you can.'
turns(system: ['### System:\n', '\n\n'],
      user: ['### User:\n', '\n\n'],
      assistant: ['### Response:\n', '\n\n'])
generation '### Response:\n'
