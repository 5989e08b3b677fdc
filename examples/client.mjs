// The official OpenAI Node SDK against the proxy: npm install openai
import OpenAI from 'openai';

const client = new OpenAI({ apiKey: 'anything', baseURL: 'http://localhost:8000/v1' });
const answer = await client.chat.completions.create({
  model: 'gpt-3.5-turbo',
  messages: [{ role: 'user', content: 'this is a test request, write a short poem' }],
});
console.log(answer.choices[0].message.content);
