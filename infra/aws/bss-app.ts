import { App, type AppProps, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BssStack } from './bss-stack.js';
import { partnerSubscriptionsOf } from './partner-subscriptions.js';
import { checkProductionStage, isProductionStage, simulatedProviders } from './production-guard.js';

/**
 * The CDK app: one BSS stack for the stage named by the `stage` context (default `dev`),
 * checked by cdk-nag's AwsSolutions pack during synthesis. Environment-agnostic: the account
 * and region come from the deploying credentials.
 *
 * Context:
 *   stage              dev | test | prod | ...                         (default dev)
 *   production         true makes any stage a production stage: refused while simulated
 *                      providers are wired in or the WAF is off (prod and production are always);
 *                      its table, log groups and event archive get a customer-managed KMS key
 *   partnerEventBuses  partner subscriptions, JSON list of { bus: <event bus ARN>, events: [<partner
 *                      detail-types>] } (default []; docs/events.md, "Partners")
 *   waf                false to deploy without the WAF web ACL          (default true)
 *   corsAllowOrigins   browser origins besides the web apps', JSON list (default [])
 *   seller             the legal entity on bills: JSON object or string (docs/bill-documents.md;
 *                      default: the demo seller, which says it is one)
 *   authDomainPrefix   prefix of the Cognito managed-login domains the web apps sign in at
 *                      (<prefix>.auth.<region>.amazoncognito.com, and <prefix>-staff for staff;
 *                      default bss-<stage>-<8 characters of the stack's id>)
 *
 * The web apps' origin (their CloudFront distribution, infra/aws/web-hosting.ts) is always
 * allowed by CORS.
 */
export function createBssApp(props: AppProps = {}): { app: App; stack: BssStack } {
  const app = new App(props);
  const stage = contextString(app, 'stage') ?? 'dev';
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(stage)) {
    throw new Error(`context stage "${stage}": use lower-case letters, digits and dashes (at most 16), it becomes part of resource names`);
  }
  const authDomainPrefix = contextString(app, 'authDomainPrefix');
  checkDomainPrefix(authDomainPrefix ?? `bss-${stage}`, authDomainPrefix === undefined ? 'the stage (the default authDomainPrefix starts with bss-<stage>)' : 'context authDomainPrefix');
  const corsAllowOrigins = contextList(app, 'corsAllowOrigins');
  const enableWaf = contextString(app, 'waf') !== 'false';
  const sellerContext: unknown = app.node.tryGetContext('seller');
  const seller = sellerContext === undefined || sellerContext === null ? undefined : typeof sellerContext === 'string' ? sellerContext : JSON.stringify(sellerContext);
  const production = isProductionStage(stage, contextString(app, 'production'));
  if (production) checkProductionStage({ stage, enableWaf, simulatedProviders, sellerConfigured: seller !== undefined });
  const stack = new BssStack(app, `bss-${stage}`, {
    description: `Serverless BSS (${stage})`,
    stage,
    partnerSubscriptions: partnerSubscriptionsOf(app.node.tryGetContext('partnerEventBuses')),
    enableWaf,
    production,
    ...(corsAllowOrigins.length > 0 ? { corsAllowOrigins } : {}),
    ...(seller ? { seller } : {}),
    ...(authDomainPrefix ? { authDomainPrefix } : {}),
  });
  Tags.of(stack).add('project', 'bss');
  Tags.of(stack).add('stage', stage);

  addNagChecks(app);
  return { app, stack };
}

/**
 * cdk-nag 3 is a policy validation plugin (no longer an Aspect): it walks the whole construct
 * tree, nested stacks included, and a finding fails the synthesis. Acknowledgments are also
 * written into each resource's template Metadata, where test/infra/cdk-nag.test.ts audits them.
 */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }));
}

/**
 * What Cognito accepts as a domain prefix: lower-case letters, digits and inner dashes, none of
 * its reserved words; short enough that `-staff` and the default's 9-character suffix still fit
 * its 63 characters.
 */
function checkDomainPrefix(prefix: string, source: string): void {
  if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(prefix) || prefix.length > 48) {
    throw new Error(`${source} "${prefix}": a Cognito domain prefix is lower-case letters, digits and inner dashes, at most 48 characters here`);
  }
  const reserved = ['aws', 'amazon', 'cognito'].find((word) => prefix.includes(word));
  if (reserved) throw new Error(`${source} "${prefix}": Cognito refuses a domain prefix containing "${reserved}"; set -c authDomainPrefix=...`);
}

function contextString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  return value === undefined || value === null ? undefined : String(value);
}

/** A list from cdk.json (a JSON array) or from `-c key=...` (a JSON array or comma-separated string). */
function contextList(app: App, key: string): string[] {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value.map(String);
  const text = String(value).trim();
  const parsed: unknown = text.startsWith('[') ? JSON.parse(text) : text.split(',');
  if (!Array.isArray(parsed)) throw new Error(`context ${key}: expected a list`);
  return parsed.map((item) => String(item).trim()).filter((item) => item.length > 0);
}
