// The official OpenAI Node SDK against the proxy, as a Node user points it there.
// usage: node check.mjs <proxy base URL> <base URL of a proxy whose upstream answers 429>
import OpenAI from 'openai';

const [baseURL, limitedURL] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: 'anything', maxRetries: 0 });
const result = {};

const chat = await client.chat.completions.create({
  model: 'gpt-3.5-turbo',
  messages: [{ role: 'user', content: 'this is a test request, write a short poem' }],
});
result.chat = chat.choices[0].message.content;

const stream = await client.chat.completions.create({
  model: 'gpt-3.5-turbo', stream: true, stream_options: { include_usage: true },
  messages: [{ role: 'user', content: 'hi' }],
});
let text = '', usage = null;
for await (const chunk of stream) {
  text += chunk.choices[0]?.delta?.content ?? '';
  if (chunk.usage) usage = chunk.usage;
}
result.stream = text;
result.streamTotalTokens = usage?.total_tokens;

const completion = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say this is a test', max_tokens: 7 });
result.completion = completion.choices[0].text;

const embedding = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'The food was delicious' });
result.embedding = embedding.data[0].embedding.slice(0, 2);

result.models = (await client.models.list()).data.map(m => m.id);

try {
  await new OpenAI({ baseURL: limitedURL, apiKey: 'anything', maxRetries: 0 }).chat.completions.create({
    model: 'gpt-3.5-turbo', messages: [{ role: 'user', content: 'hi' }],
  });
  result.error = 'none';
} catch (e) {
  result.error = `${e.constructor.name} ${e.status} ${e.headers?.['retry-after']}`;
}
console.log(JSON.stringify(result));
