import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under a directory, at any depth: for tests that read the tree's sources or kits. */
export const filesUnder = (directory: string): string[] =>
  readdirSync(directory, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(directory, entry.name)) : [join(directory, entry.name)]));
