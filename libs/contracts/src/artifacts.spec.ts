import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderArtifacts } from './artifacts';
import { topicCatalogue } from './topics';

describe('generated contract artifacts', () => {
  it.each([...renderArtifacts()])('%s is up to date (regenerate with `npm run generate -w @churn/contracts`)', (path, content) => {
    expect(readFileSync(join(__dirname, '..', 'generated', path), 'utf8')).toBe(content);
  });

  it('documents every topic of the catalogue with its message', () => {
    const doc = JSON.parse(renderArtifacts().get('asyncapi.json') ?? '{}') as { channels: Record<string, { messages: object }> };
    expect(Object.keys(doc.channels).sort()).toEqual(topicCatalogue.map((t) => t.name).sort());
    for (const channel of Object.values(doc.channels)) expect(Object.keys(channel.messages)).toHaveLength(1);
  });
});
