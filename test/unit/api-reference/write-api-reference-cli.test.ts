import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { routes } from '../../../infra/topology.js';
import { subscribableEvents } from '../../../infra/api-reference/event-schemas.js';

const repositoryRoot = resolve(import.meta.dirname, '../../..');
const out = mkdtempSync(join(tmpdir(), 'bss-api-reference-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run openapi', () => {
  it('writes the OpenAPI document and one schema per event, and nothing of an event that is gone', () => {
    const eventsFolder = join(out, 'events');
    execFileSync(process.execPath, ['--import', 'tsx', 'infra/api-reference/write-api-reference-cli.ts', '--server', 'https://api.example.com/prod', '--out', out], { cwd: repositoryRoot });
    // A schema left from an earlier run, of an event the catalog no longer has.
    writeFileSync(join(eventsFolder, 'bss.gone@SomethingRemoved.json'), '{}');
    execFileSync(process.execPath, ['--import', 'tsx', 'infra/api-reference/write-api-reference-cli.ts', '--server', 'https://api.example.com/prod', '--out', out], { cwd: repositoryRoot });

    const document = JSON.parse(readFileSync(join(out, 'openapi.json'), 'utf8')) as { servers: unknown; paths: Record<string, Record<string, unknown>> };
    expect(document.servers).toEqual([{ url: 'https://api.example.com/prod' }]);
    expect(Object.values(document.paths).reduce((count, methods) => count + Object.keys(methods).length, 0)).toBe(routes.length);
    const files = readdirSync(eventsFolder).sort();
    expect(files).toEqual([...subscribableEvents.map((event) => `${event.source}@${event.detailType}.json`), 'index.json'].sort());
    const index = JSON.parse(readFileSync(join(eventsFolder, 'index.json'), 'utf8')) as { name: string; schemaVersion: string }[];
    expect(index.map((entry) => entry.name)).toEqual(subscribableEvents.map((event) => `${event.source}@${event.detailType}`));
  }, 60_000);
});
