import { formatDuration, formatLine } from './reporter';

describe('formatLine', () => {
  it('aligns the message column whatever the component name', () => {
    const lines = [formatLine('ok', 'kafka', 'up'), formatLine('fail', 'ingestion', 'down')];

    expect(lines).toEqual(['  ✔ kafka        up', '  ✖ ingestion    down']);
  });
});

describe('formatDuration', () => {
  it('uses milliseconds below a second and seconds above', () => {
    expect(formatDuration(87)).toBe('87 ms');
    expect(formatDuration(12_345)).toBe('12.3 s');
  });
});
