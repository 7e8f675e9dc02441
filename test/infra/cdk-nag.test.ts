import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizeBssStack, type CfnTemplate, type SynthesizedBss } from './synth.js';

/**
 * cdk-nag 3 runs as a CDK policy-validation plugin: findings are no longer Annotations but
 * violations of the synthesis validation report, and acknowledgments are made with
 * `Validations.of(construct).acknowledge({ id, reason })`. It walks the whole construct tree,
 * so the contexts' nested stacks are checked like the parent. The shared synthesis already
 * fails like `cdk synth` on an unacknowledged finding; these tests name the findings and audit
 * the acknowledgments written to the templates, the parent's and every nested one.
 */
let bss: SynthesizedBss;

beforeAll(() => {
  bss = synthesizeBssStack();
}, 300_000);

interface Acknowledgment {
  id: string;
  reason: string;
}

/** The acknowledgments written to one template, or to all of them: the parent's and every context's nested one. */
function acknowledgments(json: CfnTemplate = bss.json): { logicalId: string; rule: Acknowledgment }[] {
  return Object.entries(json.Resources).flatMap(([logicalId, resource]) =>
    ((resource.Metadata?.cdk_nag?.rules_to_suppress ?? []) as Acknowledgment[]).map((rule) => ({ logicalId, rule })),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged error or warning', () => {
    const report = new AwsSolutionsChecks().validateScope(bss.app);
    const findings = report.violations
      .filter((violation) => violation.severity === 'error' || violation.severity === 'warning')
      .map((violation) => `${violation.ruleName}: ${violation.violatingResources.map((resource) => resource.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
  });

  it('left no violation in the validation report of the synthesis (cdk-nag, CloudFormation rules, annotations)', () => {
    const reportFile = join(bss.app.outdir, 'validation-report.json');
    expect(existsSync(reportFile)).toBe(true);
    const { pluginReports } = JSON.parse(readFileSync(reportFile, 'utf8')) as {
      pluginReports: { pluginName: string; violations: { ruleName: string; severity: string }[] }[];
    };
    const violations = pluginReports.flatMap((report) => report.violations.map((violation) => `${report.pluginName} ${violation.severity} ${violation.ruleName}`));
    expect(violations).toEqual([]);
  });

  it('leaves no CDK error annotation and no AwsSolutions annotation', () => {
    // The parent's assembly artifact carries the messages of its nested stacks' constructs too.
    const annotations = Annotations.fromStack(bss.stack);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
  });
});

describe('acknowledgments', () => {
  it('are written to the templates, so the audit below sees them, nested stacks included', () => {
    expect(acknowledgments().length).toBeGreaterThan(0);
    // Every function role acknowledges X-Ray's "*", so every context's template carries some.
    for (const { stack, json } of bss.stackTemplates.slice(1)) expect(acknowledgments(json).length, stack.node.path).toBeGreaterThan(0);
    expect(acknowledgments().length).toBe(bss.stackTemplates.reduce((sum, { json }) => sum + acknowledgments(json).length, 0));
  });

  it('each give a specific reason of at least 20 characters', () => {
    const weak = acknowledgments().filter(({ rule }) => typeof rule.reason !== 'string' || rule.reason.trim().length < 20);
    expect(weak).toEqual([]);
  });

  it('are AwsSolutions rules, and wildcard or managed-policy ones name the exact finding', () => {
    for (const { logicalId, rule } of acknowledgments()) {
      expect(rule.id, logicalId).toMatch(/^AwsSolutions-[A-Z]+\d+/);
      // IAM4/IAM5 are acknowledged per finding (Policy::... / Resource::...), never for the whole rule.
      if (/^AwsSolutions-IAM[45]/.test(rule.id)) expect(rule.id, logicalId).toMatch(/^AwsSolutions-IAM[45]\[(Resource|Action|Policy)::.+\]$/);
    }
  });

  it('acknowledge wildcards only for "*" (services without resource-level permissions), the objects of the document bucket, the hub subscriptions\' resources under their prefix, and the objects the web apps\' deployment reads and writes', () => {
    const wildcards = acknowledgments().filter(({ rule }) => rule.id.startsWith('AwsSolutions-IAM5'));
    const documentObjects = /^AwsSolutions-IAM5\[Resource::<referenceto\w*Documents\w*Arn>\/\*\]$/;
    const hubResources = /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:(connection|api-destination|rule\/bss-hub-dev)\/bss-dev-hub-\*\]$/;
    // aws-s3-deployment's provider: the deployment's sources in the CDK asset bucket, and the
    // web apps' bucket it fills, with the actions of the bucket grants it makes (below).
    const webBuckets = Object.keys(bss.json.Resources).filter((logicalId) => logicalId.startsWith('WebApps') && bss.json.Resources[logicalId]!.Type === 'AWS::S3::Bucket');
    expect(webBuckets).toHaveLength(1);
    const webDeployment = [
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
      `AwsSolutions-IAM5[Resource::<${webBuckets[0]}.Arn>/*]`,
      ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map((action) => `AwsSolutions-IAM5[Action::${action}]`),
    ];
    // Only on the provider's policy.
    expect(wildcards.filter(({ rule }) => webDeployment.includes(rule.id)).every(({ logicalId }) => logicalId.startsWith('CustomCDKBucketDeployment'))).toBe(true);
    const others = wildcards.map(({ rule }) => rule.id).filter((id) => id !== 'AwsSolutions-IAM5[Resource::*]' && !documentObjects.test(id) && !hubResources.test(id) && !webDeployment.includes(id));
    expect(others).toEqual([]);
    expect(wildcards.filter(({ rule }) => hubResources.test(rule.id)).length).toBeGreaterThan(0);
  });

  it('acknowledge, for the web apps, only what cannot apply: no geo restriction, no CloudFront web ACL, no custom domain yet, and aws-s3-deployment\'s own provider', () => {
    const web = acknowledgments().filter(({ logicalId }) => logicalId.startsWith('Web') || logicalId.startsWith('CustomCDKBucketDeployment'));
    expect(web.filter(({ logicalId }) => logicalId.startsWith('WebDistribution')).map(({ rule }) => rule.id).sort()).toEqual(['AwsSolutions-CFR1', 'AwsSolutions-CFR2', 'AwsSolutions-CFR4']);
    expect(web.filter(({ logicalId }) => logicalId.startsWith('WebAccessLogs')).map(({ rule }) => rule.id)).toEqual(expect.arrayContaining(['AwsSolutions-S1']));
    // Nothing acknowledged on the apps' bucket itself: private, encrypted, TLS only, logged.
    expect(web.filter(({ logicalId }) => logicalId.startsWith('WebApps'))).toEqual([]);
    const provider = web.filter(({ logicalId }) => logicalId.startsWith('CustomCDKBucketDeployment')).map(({ rule }) => rule.id);
    expect(provider).toEqual(expect.arrayContaining(['AwsSolutions-L1', 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]']));
    expect(provider.filter((id) => id.startsWith('AwsSolutions-IAM5[Action::')).sort()).toEqual(
      ['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map((action) => `AwsSolutions-IAM5[Action::${action}]`),
    );
  });

  it('are never made on a stack or the app as a whole', () => {
    const blanket = [bss.app, bss.stack, ...bss.stack.contextStacks].flatMap((scope) => scope.node.metadata.filter((entry) => entry.type === 'aws:cdk:acknowledged-rules'));
    expect(blanket).toEqual([]);
  });
});
