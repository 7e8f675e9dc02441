import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startRuntimeProcess } from './runtime-process.js';
import { startTestPartnerBus, testPartnerBusArn, testPartnerEvents } from './test-partner-bus.js';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    servicesUrl: string;
    dataDirectory: string;
    dynamoDbEndpoint: string;
    partnerBusUrl: string;
    runtimePid: number;
  }
}

/**
 * Shorter waits than a real provisioning system needs, so the journeys that wait for a
 * provisioning answer, or for its timeout, take seconds.
 */
export const testRuntimeEnvironment = {
  BSS_SIMULATED_PROVISIONING_DELAY_SECONDS: '1',
  BSS_PROVISIONING_TIMEOUT_SECONDS: '4',
  /** Two hub retries (the local bus waits 200 ms, then 400), so a listener that fails twice, or always, is seen through in the journey's time. */
  BSS_HUB_MAX_RETRY_ATTEMPTS: '2',
  /**
   * One low per-caller limit, on a route no other test calls, in place of the topology's: the
   * limit's test (test/integration/per-caller-limits.test.ts) reaches it in 4 requests, and the
   * journeys that poll reports with one token are not limited.
   */
  BSS_PER_CALLER_LIMITS: JSON.stringify({ 'POST /usage/v1/usageBatch': { requests: 3, perSeconds: 60 } }),
};

/**
 * Starts the local runtime once for the whole run, the way `npm start` does, with in-memory
 * DynamoDB, and stops it (Java included) when the run ends.
 */
export default async function startRuntime(project: TestProject) {
  const dataDirectory = mkdtempSync(join(tmpdir(), 'bss-test-'));
  const partnerBus = await startTestPartnerBus();
  const partnerBuses = JSON.stringify([{ bus: testPartnerBusArn, events: testPartnerEvents, endpoint: partnerBus.endpoint }]);
  const runtime = await startRuntimeProcess({ dataDirectory, inMemory: true, environment: { ...testRuntimeEnvironment, BSS_PARTNER_BUSES: partnerBuses } });
  project.provide('apiUrl', runtime.apiUrl);
  project.provide('servicesUrl', runtime.servicesUrl);
  project.provide('dataDirectory', dataDirectory);
  project.provide('dynamoDbEndpoint', runtime.dynamoDbEndpoint);
  project.provide('partnerBusUrl', partnerBus.endpoint);
  project.provide('runtimePid', runtime.pid);
  return async () => {
    await runtime.stop();
    await partnerBus.stop();
    rmSync(dataDirectory, { recursive: true, force: true });
  };
}
