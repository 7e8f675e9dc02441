import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { matchesEventPattern, type EventPattern } from './event-pattern.js';

export interface StreamPollerOptions {
  client: DynamoDBStreamsClient;
  streamArn: string;
  region: string;
  /** The event-source-mapping filter, in EventBridge pattern syntax, as on AWS. */
  filter: EventPattern;
  batchSize: number;
  /** Attempts per failing batch before its records go to the dead-letter list (AWS: retryAttempts + 1). */
  maxAttempts: number;
  invoke: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
  checkpointFile?: string;
  pollIntervalMs?: number;
  log?: (line: string) => void;
}

export interface FailedStreamRecord {
  record: DynamoDBRecord;
  error: string;
  failedAt: string;
}

/**
 * The local event source mapping: reads DynamoDB Local's stream shard by shard, applies the
 * same filter as the AWS mapping, invokes the relay with Lambda's DynamoDBStreamEvent shape,
 * honours reported batch item failures by retrying from the first failed record, and after
 * the last attempt sets the records aside (the AWS on-failure destination) so the shard moves on.
 * Positions are checkpointed so a restart resumes instead of replaying.
 */
export class DynamoDbStreamPoller {
  private readonly iterators = new Map<string, string>();
  /** Per shard: the last sequence number relayed, or `closed` once the shard is exhausted. */
  private readonly checkpoints: Record<string, string>;
  private readonly failed: FailedStreamRecord[] = [];
  private running = false;
  private loop: Promise<void> | undefined;
  private lastShardRefresh = 0;
  private busy = false;

  constructor(private readonly options: StreamPollerOptions) {
    this.checkpoints = this.readCheckpoints();
  }

  failedRecords(): FailedStreamRecord[] {
    return [...this.failed];
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** True while a batch is being read or relayed (for tests that wait for quiet). */
  get isBusy(): boolean {
    return this.busy;
  }

  private async run(): Promise<void> {
    const interval = this.options.pollIntervalMs ?? 100;
    while (this.running) {
      try {
        this.busy = true;
        if (Date.now() - this.lastShardRefresh > 1000 || this.iterators.size === 0) await this.refreshShards();
        let sawRecords = false;
        for (const shardId of [...this.iterators.keys()]) sawRecords = (await this.pollShard(shardId)) || sawRecords;
        this.busy = false;
        if (!sawRecords) await new Promise((resolve) => setTimeout(resolve, interval));
      } catch (error) {
        this.busy = false;
        if (!this.running) break;
        this.options.log?.(`stream poller error: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  private async refreshShards(): Promise<void> {
    this.lastShardRefresh = Date.now();
    const { StreamDescription } = await this.options.client.send(new DescribeStreamCommand({ StreamArn: this.options.streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId!;
      const checkpoint = this.checkpoints[shardId];
      if (this.iterators.has(shardId) || checkpoint === 'closed') continue;
      const after = checkpoint;
      const { ShardIterator } = await this.options.client.send(
        new GetShardIteratorCommand({
          StreamArn: this.options.streamArn,
          ShardId: shardId,
          ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      );
      if (ShardIterator) this.iterators.set(shardId, ShardIterator);
    }
  }

  private async pollShard(shardId: string): Promise<boolean> {
    const iterator = this.iterators.get(shardId)!;
    const { Records = [], NextShardIterator } = await this.options.client.send(
      new GetRecordsCommand({ ShardIterator: iterator, Limit: this.options.batchSize }),
    );
    if (Records.length > 0) {
      await this.relay(Records.map((record) => this.toLambdaRecord(record)));
      this.checkpoint(shardId, Records.at(-1)!.dynamodb!.SequenceNumber!);
    }
    if (NextShardIterator) this.iterators.set(shardId, NextShardIterator);
    else {
      this.iterators.delete(shardId);
      this.checkpoints[shardId] = 'closed';
      this.writeCheckpoints();
    }
    return Records.length > 0;
  }

  private async relay(records: DynamoDBRecord[]): Promise<void> {
    let pending = records.filter((record) => matchesEventPattern(this.options.filter, record));
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      let error = '';
      try {
        const response = await this.options.invoke({ Records: pending });
        const failedIds = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
        if (failedIds.size === 0) return;
        const firstFailed = pending.findIndex((record) => failedIds.has(record.dynamodb!.SequenceNumber!));
        pending = firstFailed === -1 ? pending : pending.slice(firstFailed);
        error = `${failedIds.size} record(s) reported as failed`;
      } catch (thrown) {
        error = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
      }
      if (attempt >= this.options.maxAttempts) {
        this.options.log?.(`stream batch failed ${attempt} times, setting ${pending.length} record(s) aside: ${error}`);
        const failedAt = new Date().toISOString();
        this.failed.push(...pending.map((record) => ({ record, error, failedAt })));
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }

  private toLambdaRecord(record: StreamRecord): DynamoDBRecord {
    const { ApproximateCreationDateTime, ...dynamodb } = record.dynamodb ?? {};
    return {
      eventID: record.eventID!,
      eventName: record.eventName as DynamoDBRecord['eventName'],
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: this.options.region,
      eventSourceARN: this.options.streamArn,
      dynamodb: {
        ...(dynamodb as DynamoDBRecord['dynamodb']),
        ...(ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(ApproximateCreationDateTime.getTime() / 1000) } : {}),
      },
    };
  }

  private checkpoint(shardId: string, sequenceNumber: string): void {
    this.checkpoints[shardId] = sequenceNumber;
    this.writeCheckpoints();
  }

  /**
   * Checkpoints belong to one stream: after the table was recreated (its data deleted) the
   * old positions mean nothing, and the new stream is read from its start.
   */
  private readCheckpoints(): Record<string, string> {
    const file = this.options.checkpointFile;
    if (!file || !existsSync(file)) return {};
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { streamArn?: string; shards?: Record<string, string> };
    return saved.streamArn === this.options.streamArn ? { ...saved.shards } : {};
  }

  private writeCheckpoints(): void {
    if (!this.options.checkpointFile) return;
    writeFileSync(this.options.checkpointFile, JSON.stringify({ streamArn: this.options.streamArn, shards: this.checkpoints }));
  }
}
