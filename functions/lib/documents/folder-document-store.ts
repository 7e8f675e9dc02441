import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { DocumentFormat, DocumentStore } from '../../../domain/documents/document-store.js';

/**
 * The document store of the local runtime: files under a folder (`.bss/documents` by default,
 * `BSS_DOCUMENT_DIR`). A document is written to a temporary file, then hard-linked to its name,
 * which fails when the name exists: never a half-written document, never one replaced.
 */
export function folderDocumentStore(folder: string): DocumentStore {
  const root = resolve(folder);
  const pathOf = (key: string) => {
    const path = resolve(root, key);
    if (!path.startsWith(root + sep)) throw new Error(`document key ${JSON.stringify(key)} leaves the document folder`);
    return path;
  };
  return {
    async putIfAbsent(key: string, bytes: Uint8Array, _format: DocumentFormat) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temporary = join(dirname(path), `.${randomUUID()}.partial`);
      await writeFile(temporary, bytes);
      try {
        await link(temporary, path);
        return 'stored';
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'existing';
        throw error;
      } finally {
        await unlink(temporary);
      }
    },
    async get(key: string) {
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}
