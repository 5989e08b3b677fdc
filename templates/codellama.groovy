// CodeLlama instruct (codellama/CodeLlama-7b/13b/34b-Instruct-hf): trained on the Llama-2 chat format.

info(models: ['*codellama*instruct*', 'codellama', 'codellama:*'])

like 'llama-2'
