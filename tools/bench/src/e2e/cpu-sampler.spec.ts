import { spawnSync } from 'node:child_process';
import { cpuSeconds, cpuSecondsWithReapedChildren, parentPid } from './cpu-sampler';

describe('cpu sampler', () => {
  it("counts a child's CPU in its parent once the child has ended and was waited for", () => {
    const before = cpuSecondsWithReapedChildren(process.pid)!;
    // Burns ~0.5 s of CPU in a child that this process waits for.
    spawnSync(process.execPath, ['-e', 'const end = Date.now() + 500; while (Date.now() < end);']);
    const after = cpuSecondsWithReapedChildren(process.pid)!;

    expect(after - before).toBeGreaterThanOrEqual(0.3);
    expect(cpuSeconds(process.pid)!).toBeLessThanOrEqual(after);
  });

  it('reads the parent of a process, and nothing for one that is gone', () => {
    expect(parentPid(process.pid)).toBe(process.ppid);
    expect(cpuSeconds(2 ** 22 + 1)).toBeUndefined();
  });
});
