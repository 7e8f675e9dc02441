import { describe, expect, it } from 'vitest';
import { measuredCpu, onCpu } from '../../../bench/measured-cpu.js';

describe('the CPU the cold-start probes run on', () => {
  it('runs a command under taskset on the given CPU', () => {
    expect(onCpu(1, '/usr/bin/node', ['--eval', 'x'])).toEqual(['taskset', ['--cpu-list', '1', '/usr/bin/node', '--eval', 'x']]);
  });

  it('runs it as it is where no CPU could be pinned', () => {
    expect(onCpu(undefined, '/usr/bin/node', ['--eval', 'x'])).toEqual(['/usr/bin/node', ['--eval', 'x']]);
  });

  it('is a CPU this process may use, never the first, or none', () => {
    const cpu = measuredCpu();
    if (cpu !== undefined) expect(cpu).toBeGreaterThanOrEqual(1);
    expect(measuredCpu()).toBe(cpu);
  });
});
