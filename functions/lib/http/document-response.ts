import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { documentContentTypes, type DocumentFormat } from '../../../domain/documents/document-store.js';
import { ApiError } from './api-error.js';
import { headerOf } from './request-body.js';

/**
 * Serving a kept document (docs/bill-documents.md): the format the `Accept` header prefers of
 * PDF and HTML (PDF when it states no preference), a 406 TMF error when it accepts neither; the
 * PDF base64-encoded as API Gateway expects binary bodies (its binary media types list it).
 */
const offered: readonly { format: DocumentFormat; type: string }[] = [
  { format: 'pdf', type: 'application/pdf' },
  { format: 'html', type: 'text/html' },
];

export function negotiatedDocumentFormat(event: Pick<APIGatewayProxyEvent, 'headers' | 'multiValueHeaders'>): DocumentFormat {
  const accept = headerOf(event as APIGatewayProxyEvent, 'accept');
  if (accept === undefined || accept.trim() === '') return 'pdf';
  const ranges = accept.split(',').flatMap((part, order) => {
    const [range = '', ...parameters] = part.split(';').map((each) => each.trim().toLowerCase());
    const quality = Number(parameters.find((each) => each.startsWith('q='))?.slice(2) ?? '1');
    return range === '' || Number.isNaN(quality) ? [] : [{ range, quality, order }];
  });
  const qualityOf = (type: string) =>
    Math.max(-1, ...ranges.filter(({ range }) => range === type || range === '*/*' || range === `${type.split('/')[0]}/*`).map(({ quality }) => quality));
  const best = offered.map((each) => ({ ...each, quality: qualityOf(each.type) })).filter((each) => each.quality > 0).sort((a, b) => b.quality - a.quality)[0];
  if (!best) throw new ApiError(406, 'NOT_ACCEPTABLE', 'Not Acceptable', `the document is served as application/pdf or text/html, not ${accept}`, [{ field: 'Accept', problem: 'accept application/pdf or text/html' }]);
  return best.format;
}

export function documentResponse(bytes: Uint8Array, format: DocumentFormat, fileName: string): APIGatewayProxyResult {
  const headers = {
    'content-type': documentContentTypes[format],
    'content-disposition': `inline; filename="${fileName}.${format}"`,
    // A kept document never changes, but it is the customer's: private caches only.
    'cache-control': 'private, max-age=86400, immutable',
    vary: 'Accept',
  };
  return format === 'pdf'
    ? { statusCode: 200, headers, body: Buffer.from(bytes).toString('base64'), isBase64Encoded: true }
    : { statusCode: 200, headers, body: new TextDecoder().decode(bytes) };
}
