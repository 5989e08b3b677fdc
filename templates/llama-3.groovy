// Llama-3 instruct (meta-llama/Meta-Llama-3-8B/70B-Instruct), as its chat_template:
// <|begin_of_text|> then <|start_header_id|>role<|end_header_id|>\n\ncontent<|eot_id|> per message.

info(models: ['*llama-3*instruct*', '*llama3*instruct*', 'llama3', 'llama3:*'])

start '<|begin_of_text|>'
turns(system: ['<|start_header_id|>system<|end_header_id|>\n\n', '<|eot_id|>'],
      user: ['<|start_header_id|>user<|end_header_id|>\n\n', '<|eot_id|>'],
      assistant: ['<|start_header_id|>assistant<|end_header_id|>\n\n', '<|eot_id|>'])
trim true
generation '<|start_header_id|>assistant<|end_header_id|>\n\n'
