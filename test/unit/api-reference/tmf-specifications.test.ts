import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmfSpecifications } from '../../../infra/api-reference/tmf-specifications.js';

const tmfDirectory = resolve(import.meta.dirname, '../../../specs/tmf');

describe('the TMF specifications the API reference is built with', () => {
  it('are every swagger file of specs/tmf, unchanged', () => {
    const files = readdirSync(tmfDirectory).filter((file) => file.endsWith('.swagger.json'));
    expect(Object.keys(tmfSpecifications).sort()).toEqual(files.sort());
    for (const file of files) expect(tmfSpecifications[file], file).toEqual(JSON.parse(readFileSync(resolve(tmfDirectory, file), 'utf8')));
  });
});
