import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { fromRepositoryRoot } from '../../infra/aws/repository.js';
import { UseCaseBundling } from '../../infra/aws/use-case-bundling.js';
import { keepsDocuments } from '../../infra/topology/shared.js';
import { billDocumentOf, type BillDocumentData } from '../../domain/documents/bill-document.js';
import { demoSeller } from '../../domain/documents/seller.js';
import { documentFontFiles } from '../../functions/lib/documents/document-font-files.js';
import { marchBill, marchLines, parisBuyer } from '../unit/domain/documents/document-fixtures.js';

/**
 * The code the CDK app deploys for a use case (infra/aws/use-case-bundling.ts), built here on this
 * machine as `cdk deploy` builds it: the synthesis the other infra tests share skips bundling.
 */
describe('a use case bundled for Lambda', () => {
  const folders: string[] = [];
  const bundled = (definition: ConstructorParameters<typeof UseCaseBundling>[0], under = tmpdir()) => {
    mkdirSync(under, { recursive: true });
    const folder = mkdtempSync(join(under, 'bss-use-case-bundle-'));
    folders.push(folder);
    expect(new UseCaseBundling(definition).tryBundle(folder)).toBe(true);
    return folder;
  };
  afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  it('is index.mjs with its source map, and what it imports with import() in chunks beside it', () => {
    const folder = bundled({ name: 'get-customer-bill-document', entry: 'functions/billing/get-customer-bill-document.ts', permissions: [keepsDocuments] });
    const files = readdirSync(folder);
    expect(files).toContain('index.mjs');
    expect(files).toContain('index.mjs.map');
    const chunks = files.filter((file) => file.endsWith('.mjs') && file !== 'index.mjs');
    expect(chunks.length).toBeGreaterThan(0);
    // The PDF renderer (PDFKit and its fonts' parser) is in a chunk: a cold start does not compile it.
    const size = (file: string) => statSync(join(folder, file)).size;
    expect(size('index.mjs')).toBeLessThan(250 * 1024);
    expect(Math.max(...chunks.map(size))).toBeGreaterThan(250 * 1024);
    expect(readdirSync(join(folder, 'fonts')).sort()).toEqual(Object.values(documentFontFiles).sort());
  }, 120_000);

  it('logs a 5xx with a stack trace in our TypeScript sources, without --enable-source-maps', () => {
    // In the repository, where the bundle's imports of the AWS SDK resolve as the runtime's do.
    const folder = bundled({ name: 'get-customer', entry: 'functions/customers/get-customer.ts', permissions: [] }, fromRepositoryRoot('build'));
    // In a process of its own, as Lambda runs it: the bundle sets Error.prepareStackTrace for its process.
    const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(join(folder, 'index.mjs')).href)}); await handler(undefined, {});`;
    const run = spawnSync(process.execPath, ['--input-type=module', '--eval', script], {
      env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', TABLE_NAME: 'bss', POWERTOOLS_LOG_LEVEL: 'INFO' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    // Powertools writes errors to stderr.
    const failed = `${run.stdout}\n${run.stderr}`
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { message: string; error?: { name: string; location: string; stack: string } })
      .find((line) => line.message === 'request failed');
    // An event without a request context fails where the principal is read.
    expect(failed?.error).toMatchObject({ name: 'TypeError', location: expect.stringMatching(/^functions\/lib\/auth\/principal\.ts:\d+$/) });
    expect(failed?.error?.stack).toMatch(/\n {4}at principalOf \(functions\/lib\/auth\/principal\.ts:\d+:\d+\)\n/);
    expect(failed?.error?.stack).toContain('(node_modules/@middy/core/index.js:');
  }, 120_000);

  it('renders a PDF from its chunk, with the fonts beside the code', async () => {
    const folder = bundled({ name: 'bundled-pdf-check', entry: 'test/infra/fixtures/bundled-pdf-entry.ts', permissions: [keepsDocuments] });
    const { renderBillPdf } = (await import(pathToFileURL(join(folder, 'index.mjs')).href)) as { renderBillPdf: (document: BillDocumentData) => Promise<Buffer> };
    const pdf = await renderBillPdf(billDocumentOf({ bill: marchBill, lines: marchLines, buyer: parisBuyer, seller: demoSeller, payment: { collection: 'onIssue' } }));
    expect(Buffer.from(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
  }, 120_000);
});
