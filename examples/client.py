# The official OpenAI Python SDK (v1) against the proxy: pip install openai
import openai

client = openai.OpenAI(api_key="anything", base_url="http://0.0.0.0:8000")
response = client.chat.completions.create(
    model="gpt-3.5-turbo",
    messages=[{"role": "user", "content": "this is a test request, write a short poem"}],
)
print(response.choices[0].message.content)

for chunk in client.chat.completions.create(model="gpt-3.5-turbo", stream=True,
                                            messages=[{"role": "user", "content": "hi"}]):
    print(chunk.choices[0].delta.content or "", end="", flush=True)
print()
