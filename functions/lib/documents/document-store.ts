import type { DocumentStore } from '../../../domain/documents/document-store.js';
import { folderDocumentStore } from './folder-document-store.js';
import { s3DocumentStore } from './s3-document-store.js';

/**
 * The document store this function uses: the S3 bucket `BSS_DOCUMENT_BUCKET` on AWS, the
 * folder `BSS_DOCUMENT_DIR` locally (the local runtime sets it). Neither set is a deployment
 * mistake, said as such on first use.
 */
export function configuredDocumentStore(): DocumentStore {
  const bucket = process.env.BSS_DOCUMENT_BUCKET;
  if (bucket) return s3DocumentStore(bucket);
  const folder = process.env.BSS_DOCUMENT_DIR;
  if (folder) return folderDocumentStore(folder);
  throw new Error('no document store: set BSS_DOCUMENT_BUCKET (an S3 bucket) or BSS_DOCUMENT_DIR (a folder)');
}
