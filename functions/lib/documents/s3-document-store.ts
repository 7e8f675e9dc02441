import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { documentContentTypes, type DocumentFormat, type DocumentStore } from '../../../domain/documents/document-store.js';

/**
 * The document store on AWS: the private, encrypted bucket `BSS_DOCUMENT_BUCKET`
 * (infra/aws/document-bucket.ts). Written with `If-None-Match: *`, so S3 itself refuses to
 * replace a document: of two writers racing, the second gets `existing`.
 */
export function s3DocumentStore(bucket: string, client = new S3Client({})): DocumentStore {
  return {
    async putIfAbsent(key: string, bytes: Uint8Array, format: DocumentFormat) {
      try {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: documentContentTypes[format], IfNoneMatch: '*' }));
        return 'stored';
      } catch (error) {
        // 412: the object exists; 409: another conditional write of it is in flight.
        if (error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 412 || error.$metadata.httpStatusCode === 409)) return 'existing';
        throw error;
      }
    },
    async get(key: string) {
      try {
        const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return Body ? await Body.transformToByteArray() : undefined;
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
  };
}
