import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizeBssStack, synthesizeProductionBssStack, type CfnResource, type CfnTemplate, type SynthesizedBss } from './synth.js';

/**
 * Encryption at rest (docs/security.md, "Encryption at rest", #19 item 9): a production stage
 * encrypts the table, every log group and the event archive with its own rotating KMS key, and
 * every function that uses the table may use that key, through DynamoDB only; dev and test
 * stages keep the AWS-owned keys.
 */
let production: SynthesizedBss;
let dev: SynthesizedBss;

beforeAll(() => {
  production = synthesizeProductionBssStack();
  dev = synthesizeBssStack();
});

const ofType = (json: CfnTemplate, type: string): [string, CfnResource][] => Object.entries(json.Resources).filter(([, resource]) => resource.Type === type);

function theKey(json: CfnTemplate): [string, CfnResource] {
  const keys = ofType(json, 'AWS::KMS::Key');
  expect(keys).toHaveLength(1);
  return keys[0]!;
}

const keyArnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });

describe('a production stage', () => {
  it('has one customer-managed key, rotated, kept when the stack is deleted (as the table is)', () => {
    const [, key] = theKey(production.json);
    expect(key.Properties?.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
    const aliases = ofType(production.json, 'AWS::KMS::Alias');
    expect(aliases.map(([, alias]) => alias.Properties?.AliasName)).toEqual(['alias/bss-prod']);
  });

  it('encrypts the table with it', () => {
    const [keyId] = theKey(production.json);
    const tables = ofType(production.json, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    expect(tables[0]![1].Properties?.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArnOf(keyId) });
  });

  it('encrypts every log group with it: functions, state machines, API access logs', () => {
    const [keyId] = theKey(production.json);
    const groups = ofType(production.json, 'AWS::Logs::LogGroup');
    // One per function and state machine, and the access logs: all of them, not a sample.
    expect(groups.length).toBeGreaterThan(ofType(production.json, 'AWS::Lambda::Function').length);
    expect(groups.some(([, group]) => String(group.Properties?.LogGroupName ?? '').startsWith('/aws/vendedlogs/states/'))).toBe(true);
    expect(groups.filter(([, group]) => JSON.stringify(group.Properties?.KmsKeyId) !== JSON.stringify(keyArnOf(keyId))).map(([id]) => id)).toEqual([]);
  });

  it('encrypts the event archive with it', () => {
    const [keyId] = theKey(production.json);
    const archives = ofType(production.json, 'AWS::Events::Archive');
    expect(archives).toHaveLength(1);
    expect(archives[0]![1].Properties?.KmsKeyIdentifier).toEqual(keyArnOf(keyId));
  });

  it('lets CloudWatch Logs use the key for this account’s log groups only, and EventBridge for this bus only', () => {
    const [, key] = theKey(production.json);
    const statements = key.Properties?.KeyPolicy.Statement as { Sid?: string; Principal?: { Service?: unknown }; Condition?: Record<string, Record<string, unknown>> }[];
    const logsStatement = statements.find((statement) => statement.Sid === 'CloudWatchLogsOfThisAccount');
    expect(logsStatement?.Principal?.Service).toEqual({ 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] });
    expect(logsStatement?.Condition).toEqual({
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':log-group:*']] },
      },
    });
    const eventBridge = statements.filter((statement) => JSON.stringify(statement.Principal?.Service) === '"events.amazonaws.com"');
    expect(eventBridge.length).toBeGreaterThan(0);
    for (const statement of eventBridge.filter((each) => each.Condition)) {
      expect(Object.keys(statement.Condition!.StringEquals!)).toContain('kms:EncryptionContext:aws:events:event-bus:arn');
    }
  });

  it('lets every function that uses the table use the key, through DynamoDB only, and no other function', () => {
    const [keyId] = theKey(production.json);
    const roles = ofType(production.json, 'AWS::IAM::Role').filter(([, role]) => JSON.stringify(role.Properties?.AssumeRolePolicyDocument).includes('lambda.amazonaws.com'));
    let tableUsers = 0;
    for (const [roleId, role] of roles) {
      const statements = ((role.Properties?.Policies ?? []) as { PolicyDocument: { Statement: { Sid?: string; Action: string | string[]; Resource: unknown; Condition?: unknown }[] } }[]).flatMap(
        (policy) => policy.PolicyDocument.Statement,
      );
      const actions = statements.flatMap((statement) => [statement.Action].flat());
      const usesTable = statements.some((statement) => /^TopologyTable/.test(statement.Sid ?? ''));
      const writesTable = actions.some((action) => ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'].includes(action));
      const keyStatement = statements.find((statement) => statement.Sid === 'TableKeyViaDynamoDb');
      if (!usesTable) {
        expect(keyStatement, roleId).toBeUndefined();
        continue;
      }
      tableUsers += 1;
      expect(keyStatement, roleId).toEqual({
        Sid: 'TableKeyViaDynamoDb',
        Effect: 'Allow',
        Action: writesTable ? ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'] : 'kms:Decrypt',
        Resource: keyArnOf(keyId),
        Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['dynamodb.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } },
      });
    }
    expect(tableUsers).toBeGreaterThan(30);
  });

  it('lets the outbox relay decrypt the table stream it reads', () => {
    const [keyId] = theKey(production.json);
    const policies = ofType(production.json, 'AWS::IAM::Policy').map(([, policy]) => JSON.stringify(policy.Properties?.PolicyDocument));
    const streamReaders = policies.filter((document) => document.includes('dynamodb:GetRecords'));
    expect(streamReaders).toHaveLength(1);
    // Added by the stream event source (the table's grantStreamRead), as for any stream of a CMK table.
    expect(streamReaders[0]).toContain(JSON.stringify({ Action: ['kms:Decrypt', 'kms:DescribeKey'], Effect: 'Allow', Resource: keyArnOf(keyId) }));
  });
});

describe('a dev stage', () => {
  it('has no customer-managed key: the table, log groups and archive keep AWS-owned keys', () => {
    expect(ofType(dev.json, 'AWS::KMS::Key')).toEqual([]);
    expect(ofType(dev.json, 'AWS::DynamoDB::Table')[0]![1].Properties?.SSESpecification).toBeUndefined();
    expect(ofType(dev.json, 'AWS::Logs::LogGroup').filter(([, group]) => group.Properties?.KmsKeyId !== undefined)).toEqual([]);
    // The CDK archive writes an empty KmsKeyIdentifier when given no key: EventBridge's AWS-owned key.
    expect(ofType(dev.json, 'AWS::Events::Archive')[0]![1].Properties?.KmsKeyIdentifier ?? '').toBe('');
    expect(JSON.stringify(dev.json)).not.toContain('kms:');
  });
});
