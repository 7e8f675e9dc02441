import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    servicesUrl: string;
    dataDirectory: string;
    dynamoDbEndpoint: string;
  }
}

const repositoryRoot = resolve(import.meta.dirname, '../..');

/**
 * Starts the local runtime once for the whole run, the way `npm start` does (a separate
 * process running infra/local/main.ts), on free ports with in-memory DynamoDB, and stops it
 * (Java included) when the run ends.
 */
export default async function startRuntime(project: TestProject) {
  const dataDirectory = mkdtempSync(join(tmpdir(), 'bss-test-'));
  const child: ChildProcess = spawn(
    resolve(repositoryRoot, 'node_modules/.bin/tsx'),
    ['infra/local/main.ts', '--in-memory', '--port', '0', '--services-port', '0', '--quiet'],
    { cwd: repositoryRoot, env: { ...process.env, BSS_DATA_DIR: dataDirectory }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const urls = await new Promise<{ apiUrl: string; servicesUrl: string; dynamoDbEndpoint: string }>((resolveUrls, reject) => {
    const timer = setTimeout(() => reject(new Error(`the local runtime did not start within 90 s:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const api = /API\s+(http:\/\/\S+)/.exec(output)?.[1];
      const services = /EventBridge\s+(http:\/\/\S+)/.exec(output)?.[1];
      const dynamoDb = /DynamoDB Local\s+(http:\/\/\S+)/.exec(output)?.[1];
      if (api && services && dynamoDb && /ready in/.test(output)) {
        clearTimeout(timer);
        resolveUrls({ apiUrl: api, servicesUrl: services, dynamoDbEndpoint: dynamoDb });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the local runtime exited with ${code}:\n${output}`));
    });
  });
  // Keep draining output so the child never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[runtime] ${chunk.toString()}`));

  project.provide('apiUrl', urls.apiUrl);
  project.provide('servicesUrl', urls.servicesUrl);
  project.provide('dataDirectory', dataDirectory);
  project.provide('dynamoDbEndpoint', urls.dynamoDbEndpoint);

  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((done) => setTimeout(done, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dataDirectory, { recursive: true, force: true });
  };
}
