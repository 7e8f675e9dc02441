import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../../../infra/lambda-bundling.js';
import { filesUnder } from '../../../support/files-under.js';

/**
 * Module-level schemas are `z.lazy`, built the first time something parses with them: a zod
 * schema costs its cold start about 0.05 ms once zod is warm and up to 1 ms for the first of its
 * kind, and a function imports many modules' schemas but its requests use a few (docs/decisions.md,
 * "Performance"). A schema another takes apart (its shape extended or picked from) or refines
 * where it is used (`.check(…)` with a description, which the JSON Schema of a lazy schema would
 * lose) is built on first use with `shapeOnFirstUse` instead, and called where it is used.
 */

describe('module-level zod schemas', () => {
  it('are built on first use (z.lazy) in every module a function can import', () => {
    const eager: string[] = [];
    for (const file of ['domain', 'functions'].flatMap((folder) => filesUnder(join(repositoryRoot, folder))).filter((path) => path.endsWith('.ts'))) {
      const path = relative(repositoryRoot, file);
      if (path === 'domain/shared/zod.ts') continue;
      const source = readFileSync(file, 'utf8');
      // `z.object(…)`, and a chain written over lines (`z\n  .strictObject(…)\n  .check(…)`).
      for (const [, name] of source.matchAll(/^(?:export )?const (\w+)(?:: [^=\n]+)? = (?:\/\* @__PURE__ \*\/ )?(?:z\s*\.\s*(?!lazy\()[a-zA-Z.]+|mergePatchSchema)\(/gm)) {
        eager.push(`${path} ${name}`);
      }
      for (const match of source.matchAll(/\bdataSchema: (?:\/\* @__PURE__ \*\/ )?z\.(?!lazy\()[a-zA-Z.]+\(/g)) eager.push(`${path} dataSchema at ${match.index}`);
    }
    expect(eager).toEqual([]);
  });

  /**
   * esbuild drops an unused module-level value only when building it has no side effects, and it
   * takes zod's own purity annotations (on its function declarations) only within zod's files:
   * at our call sites, `z.lazy(…)` is a call it must keep, with every schema and zod module the
   * lazy's body names. With `@__PURE__` at the call, a bundle keeps only the schemas, shapes and
   * events its function uses: the median bundle went from 90 to 66 KB.
   */
  it('carry the pure annotation, so a bundle drops those its function never uses', () => {
    const unannotated: string[] = [];
    for (const file of ['domain', 'functions'].flatMap((folder) => filesUnder(join(repositoryRoot, folder))).filter((path) => path.endsWith('.ts'))) {
      const path = relative(repositoryRoot, file);
      const source = readFileSync(file, 'utf8');
      for (const [, name] of source.matchAll(/^(?:export )?const (\w+)(?:: [^=\n]+)? = (?:z\.lazy|shapeOnFirstUse|defineEvent)\(/gm)) unannotated.push(`${path} ${name}`);
      for (const match of source.matchAll(/\bdataSchema: z\.lazy\(/g)) unannotated.push(`${path} dataSchema at ${match.index}`);
    }
    expect(unannotated).toEqual([]);
  });
});
