import { afterEach, describe, expect, it, vi } from 'vitest';

/** The module fresh, with metrics on: Powertools reads the switch when the emitter is made. */
async function freshTelemetry() {
  vi.resetModules();
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'BssTest');
  const { metrics, publishMetrics } = await import('../../../functions/lib/observability/telemetry.js');
  return { metrics, publish: () => publishMetrics.after!({} as never) };
}

/** The EMF documents Powertools wrote to stdout while `run` ran. */
async function emfWrittenBy(run: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const written: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await run();
  } finally {
    write.mockRestore();
  }
  return written.flatMap((chunk) => chunk.split('\n')).filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('business metrics', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('publish nothing for a request that recorded none', async () => {
    const { publish } = await freshTelemetry();
    expect(await emfWrittenBy(publish)).toEqual([]);
  });

  it('are published by the middleware as one EMF document per request, from the emitter the first metric made', async () => {
    const { metrics, publish } = await freshTelemetry();
    const documents = await emfWrittenBy(async () => {
      metrics.addMetric('ProductOrdersCaptured', 'Count', 1);
      metrics.addMetric('ProductOrdersCaptured', 'Count', 1);
      await publish();
    });
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ ProductOrdersCaptured: [1, 1], service: expect.any(String) });
    expect(JSON.stringify(documents[0]!._aws)).toContain('"Namespace":"BssTest"');
    // Flushed: the next request starts empty.
    expect(await emfWrittenBy(publish)).toEqual([]);
  });
});
