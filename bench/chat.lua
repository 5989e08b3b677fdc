-- wrk -s bench/chat.lua: a chat completion, as an OpenAI SDK sends it
wrk.method = "POST"
wrk.body   = '{"model":"gpt-3.5-turbo","messages":[{"role":"user","content":"Hello, how are you?"}]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-anything"
