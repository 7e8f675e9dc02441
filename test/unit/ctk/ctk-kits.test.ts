import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kitFolder, kitIds, kits, kitsDirectory } from '../../ctk/ctk-kits.js';
import { filesUnder } from '../../support/files-under.js';

describe('the TM Forum conformance test kits (specs/tmf-ctk)', () => {
  it('are every file SHA256SUMS lists, unchanged, each kit with its LICENSE', () => {
    const listed = new Map(
      readFileSync(resolve(kitsDirectory, 'SHA256SUMS'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => {
          const [hash, path] = line.split(/\s+\*?/, 2);
          return [path!, hash!] as const;
        }),
    );
    const present = filesUnder(kitsDirectory)
      .map((file) => relative(kitsDirectory, file))
      .filter((file) => file !== 'SHA256SUMS' && file !== 'README.md');
    expect(present.sort()).toEqual([...listed.keys()].sort());
    for (const file of present) expect(createHash('sha256').update(readFileSync(resolve(kitsDirectory, file))).digest('hex'), file).toBe(listed.get(file));
    for (const id of kitIds) expect(existsSync(resolve(kitsDirectory, id, 'LICENSE')), id).toBe(true);
  });

  it.each(kitIds)('%s: the runner does what its index.js does (collection, environment variable, payload folders)', (id) => {
    const script = readFileSync(resolve(kitFolder(id), 'index.js'), 'utf8');
    const kit = kits[id];
    expect(script).toContain(`require('./${kit.collection}')`);
    expect([...script.matchAll(/element\.key == "([^"]+)"/g)].map((match) => match[1])).toEqual([kit.environmentKey]);
    // `if (resource == "X") { pmCollection['item'][N]['item'][0]['request']['body']['raw'] = … }`, some written twice.
    const slots = new Map<string, number>();
    for (const match of script.matchAll(/resource == "([^"]+)"\)\s*\{\s*pmCollection\['item'\]\[(\d+)\]\['item'\]\[0\]\['request'\]\['body'\]\['raw'\]/g)) {
      slots.set(match[1]!, Number(match[2]));
    }
    expect(Object.fromEntries(slots)).toEqual(kit.payloadFolders);
    // Everything else it does to the collection: the headers onto every request of every folder
    // (two indexings of pmCollection), and nothing more than one indexing per payload block.
    expect(script).toContain("pmCollection['item'][indexi]['item'][indexii]['request']['header'] = headers");
    expect(script.match(/pmCollection\[/g)?.length).toBe(2 + [...script.matchAll(/resource == "/g)].length);
  });
});
