// Falcon instruct (tiiuae/falcon-7b/40b-instruct): the model ships no chat_template; its authors'
// format is "User: ..." and "Assistant: ..." lines after the system text.

info(models: ['*falcon*instruct*', 'falcon', 'falcon:*'])

turns(system: ['', '\n'],
      user: ['User: ', '\n'],
      assistant: ['Assistant: ', '\n'])
trim true
generation 'Assistant:'
