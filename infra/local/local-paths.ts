import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Where the local runtime keeps its state: .bss/ in the checkout unless BSS_DATA_DIR says otherwise. */
export function localPaths(dataDirectory = process.env.BSS_DATA_DIR ?? resolve(repositoryRoot, '.bss')) {
  return {
    dataDirectory,
    dynamoDbDirectory: resolve(dataDirectory, 'dynamodb'),
    /** Kept bill and credit note documents (docs/bill-documents.md): the local document store. */
    documentDirectory: resolve(dataDirectory, 'documents'),
    signingKeyFile: resolve(dataDirectory, 'dev-issuer.key'),
    streamCheckpointFile: resolve(dataDirectory, 'stream-checkpoint.json'),
    /** The hub subscriptions' connections, API destinations and rules the local bus keeps (infra/local/api-destinations.ts). */
    apiDestinationsStateFile: resolve(dataDirectory, 'eventbridge-api-destinations.json'),
  };
}
