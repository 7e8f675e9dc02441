import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repositoryRoot } from '../../infra/local/local-paths.js';

/** `verifyBssSignature` as docs/events.md gives it: the header, the raw body, the secret, and the tolerance in seconds (it reads the time from Date.now()). */
export type SignatureVerifier = (header: string, rawBody: string, secret: string, toleranceSeconds?: number) => boolean;

/**
 * The hub signature's verification snippet of docs/events.md, run as a subscriber would paste
 * it: the only verifier there is, so every test that checks a signature checks the snippet too.
 */
export async function documentedVerifier(): Promise<SignatureVerifier> {
  const markdown = readFileSync(resolve(repositoryRoot, 'docs/events.md'), 'utf8');
  const snippet = /<!-- hub-signature-snippet -->\n```js\n([\s\S]*?)```/.exec(markdown)?.[1];
  if (snippet === undefined) throw new Error('docs/events.md has no hub signature snippet');
  const directory = mkdtempSync(join(tmpdir(), 'bss-hub-snippet-'));
  const file = join(directory, 'verify.mjs');
  writeFileSync(file, snippet);
  try {
    return ((await import(pathToFileURL(file).href)) as { verifyBssSignature: SignatureVerifier }).verifyBssSignature;
  } finally {
    // Once imported, the module lives in memory: the file would only pile up in /tmp, run after run.
    rmSync(directory, { recursive: true, force: true });
  }
}
