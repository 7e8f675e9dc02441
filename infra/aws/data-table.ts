import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { table as tableDefinition } from '../topology.js';

export interface DataTableProps {
  /** topology.table: keys, GSIs, TTL attribute and stream view. */
  readonly definition: typeof tableDefinition;
  /** The production stage's customer-managed key; absent: DynamoDB's AWS-owned key (dev and test stages). */
  readonly encryptionKey?: kms.IKey;
}

/**
 * The single DynamoDB table. It holds every business record, so it survives stack deletion
 * (RETAIN + deletion protection) and can be restored to any second of the last 35 days (PITR).
 * Its stream feeds the outbox relay.
 */
export class DataTable extends Construct {
  readonly table: dynamodb.Table;
  /** One ARN per GSI of the topology: what a `table-indexes` permission grants `Query` on. */
  readonly indexArns: string[];

  constructor(scope: Construct, id: string, props: DataTableProps) {
    super(scope, id);
    const { definition } = props;
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: definition.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: definition.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      stream: dynamodb.StreamViewType[definition.streamViewType],
      timeToLiveAttribute: definition.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // The table, its indexes, stream and backups are all encrypted with the one key.
      ...(props.encryptionKey ? { encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: props.encryptionKey } : {}),
    });
    for (const index of definition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        // Overloaded indexes serve list endpoints that return whole resources: project everything.
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    // Named indexes rather than `index/*`: the same grant today, and no wildcard to justify.
    this.indexArns = definition.globalSecondaryIndexes.map((index) => `${this.table.tableArn}/index/${index.indexName}`);
  }
}
