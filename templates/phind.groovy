// Phind CodeLlama (Phind/Phind-CodeLlama-34B-v1/v2), as its model card:
// "### System Prompt", "### User Message" and "### Assistant" blocks.

info(models: ['*phind*'])

turns(system: ['### System Prompt\n', '\n\n'],
      user: ['### User Message\n', '\n\n'],
      assistant: ['### Assistant\n', '\n\n'])
generation '### Assistant\n'
