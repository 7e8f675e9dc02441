/**
 * Environment every handler expects, set before any handler module loads. Metrics and logs
 * stay quiet so test output shows only test results.
 */
process.env.TABLE_NAME ??= 'bss-test';
process.env.EVENT_BUS_NAME ??= 'bss-events-test';
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_NAMESPACE ??= 'BssTest';
process.env.POWERTOOLS_SERVICE_NAME ??= 'bss';

// Documents kept by handlers under test (docs/bill-documents.md) go to a folder of this run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.BSS_DOCUMENT_DIR ??= mkdtempSync(join(tmpdir(), 'bss-test-documents-'));
