// The official OpenAI Node SDK against the proxy, as a Node user points it there.
// usage: node check.mjs <proxy base URL> <base URL of a proxy whose upstream answers 429> <base URL of a chat-only model's proxy>
import OpenAI from 'openai';

const [baseURL, limitedURL, chatOnlyURL] = process.argv.slice(2);
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
// The Responses API on a model that only chats: translated by the proxy, read by the SDK's own helpers
const chatOnly = new OpenAI({ baseURL: chatOnlyURL, apiKey: 'anything', maxRetries: 0 });
const response = await chatOnly.responses.create({ model: 'qwen', instructions: 'Be brief.', input: 'hello' });
result.responseText = response.output_text;
const next = await chatOnly.responses.create({ model: 'qwen', input: 'and then?', previous_response_id: response.id });
result.continued = next.previous_response_id === response.id;
const events = [];
const streamed = chatOnly.responses.stream({ model: 'qwen', input: 'hello' });
for await (const event of streamed) events.push(event.type);
// finalResponse() is the SDK's own accumulation of the events (it sets no output_text in this version)
result.responseStreamText = (await streamed.finalResponse()).output.flatMap(o => o.content ?? []).map(c => c.text).join('');
result.responseEvents = [events[0], events[events.length - 1]];

console.log(JSON.stringify(result));
