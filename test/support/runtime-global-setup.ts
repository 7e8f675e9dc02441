import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startRuntimeProcess } from './runtime-process.js';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    servicesUrl: string;
    dataDirectory: string;
    dynamoDbEndpoint: string;
  }
}

/**
 * Starts the local runtime once for the whole run, the way `npm start` does, with in-memory
 * DynamoDB, and stops it (Java included) when the run ends.
 */
export default async function startRuntime(project: TestProject) {
  const dataDirectory = mkdtempSync(join(tmpdir(), 'bss-test-'));
  const runtime = await startRuntimeProcess({ dataDirectory, inMemory: true });
  project.provide('apiUrl', runtime.apiUrl);
  project.provide('servicesUrl', runtime.servicesUrl);
  project.provide('dataDirectory', dataDirectory);
  project.provide('dynamoDbEndpoint', runtime.dynamoDbEndpoint);
  return async () => {
    await runtime.stop();
    rmSync(dataDirectory, { recursive: true, force: true });
  };
}
