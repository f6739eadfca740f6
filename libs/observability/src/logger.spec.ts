import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('writes JSON lines with the service, a level name and a UTC timestamp', () => {
    const { lines, stream } = capture();
    createLogger('ingestion', 'info', stream).info({ eventId: 'e-1' }, 'accepted');
    expect(lines[0]).toMatchObject({ service: 'ingestion', level: 'info', eventId: 'e-1', msg: 'accepted' });
    expect(String(lines[0]!['time'])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('censors fields that could carry personal data', () => {
    const { lines, stream } = capture();
    createLogger('scoring', 'info', stream).warn({ customerId: 'c-42', event: { customerId: 'c-43', email: 'a@b.c' }, payload: '{...}' }, 'rejected');
    const line = JSON.stringify(lines[0]);
    expect(line).not.toMatch(/c-42|c-43|a@b\.c|\{\.\.\.\}/);
    expect(lines[0]).toMatchObject({ customerId: '[redacted]', event: { customerId: '[redacted]', email: '[redacted]' } });
  });

  it('respects the level', () => {
    const { lines, stream } = capture();
    createLogger('x', 'warn', stream).info('hidden');
    expect(lines).toHaveLength(0);
  });
});
