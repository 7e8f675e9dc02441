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
// What the deployment gives the hub's functions (infra/aws/hub-callbacks.ts).
process.env.BSS_HUB_EVENT_BUS_NAME ??= 'bss-hub-test';
process.env.BSS_HUB_RESOURCE_PREFIX ??= 'bss-test-hub-';
process.env.BSS_HUB_INVOKE_ROLE_ARN ??= 'arn:aws:iam::000000000000:role/bss-test-hub-invoke';
process.env.BSS_HUB_DEAD_LETTER_QUEUE_ARN ??= 'arn:aws:sqs:us-east-1:000000000000:bss-test-hub-dead-letters';

// Documents kept by handlers under test (docs/bill-documents.md) go to a folder of this run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.BSS_DOCUMENT_DIR ??= mkdtempSync(join(tmpdir(), 'bss-test-documents-'));
