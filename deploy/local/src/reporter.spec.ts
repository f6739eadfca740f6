import { formatLine } from './reporter';
import { services } from './services';

describe('formatLine', () => {
  it('aligns the message column whatever the component name', () => {
    const lines = [
      formatLine('ok', 'kafka', 'up'),
      formatLine('fail', 'ingestion', 'down'),
      ...services.map((s) => formatLine('ok', s.name, 'ready')),
    ];
    const column = lines.map((line) => line.lastIndexOf(' ') + 1);
    expect(new Set(column).size).toBe(1);
    expect(lines[0]).toBe(`  ✔ kafka${' '.repeat(column[0]! - 10)} up`);
  });
});
