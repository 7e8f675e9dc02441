import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import * as topology from '../topology.js';
import type { PartnerSubscription } from './partner-subscriptions.js';
import { Auth } from './auth.js';
import { ContextStack } from './context-stack.js';
import { sellerFrom } from '../../domain/documents/seller.js';
import { DataTable } from './data-table.js';
import { DocumentBucket } from './document-bucket.js';
import { EncryptionKey } from './encryption-key.js';
import { DomainEventBus } from './event-bus.js';
import { EventSchemaRegistry } from './event-schema-registry.js';
import { publishedEventSchemas } from '../api-reference/event-schemas.js';
import { BssRestApi } from './http-api.js';
import { HubCallbacks } from './hub-callbacks.js';
import { OutboxRelay } from './outbox-relay.js';
import { pascalCase } from './repository.js';
import { WebHosting } from './web-hosting.js';

export interface BssStackProps extends StackProps {
  /** dev, test, prod, ...: part of every physical name, so stages share an account safely. */
  readonly stage: string;
  /** Partner event buses and the partner events each may receive. */
  readonly partnerSubscriptions: readonly PartnerSubscription[];
  readonly enableWaf: boolean;
  readonly corsAllowOrigins?: readonly string[];
  /** The seller legal entity printed on bills (JSON, docs/bill-documents.md); absent: the demo seller. */
  readonly seller?: string;
  /**
   * A production stage (infra/aws/production-guard.ts): its table, log groups and event archive
   * are encrypted with a customer-managed KMS key. Dev and test stages keep AWS-owned keys.
   */
  readonly production?: boolean;
  /**
   * The prefix of the Cognito managed-login domains (the staff pool's gets `-staff`); absent:
   * `bss-<stage>-<8 characters of the stack's id>`, unique per deployment.
   */
  readonly authDomainPrefix?: string;
}

/**
 * The BSS on AWS, built from infra/topology.ts: the stack only composes one construct per
 * concern and hands each its slice of the topology. It holds what the bounded contexts share
 * (the table, the bus, auth, the REST API and its stage) and one nested stack per context
 * (infra/aws/context-stack.ts), created from topology.contexts: a new context is a new nested
 * stack, so each stack stays well under CloudFormation's 500 resources.
 */
export class BssStack extends Stack {
  /** One nested stack per entry of topology.contexts, in that order. */
  readonly contextStacks: ContextStack[];

  constructor(scope: Construct, id: string, props: BssStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const logRetention = logs.RetentionDays.ONE_MONTH;

    // One key for the stage's data at rest (docs/security.md, "Encryption at rest"); dev and
    // test stages hold test data only and skip its cost (a key a month, and KMS requests).
    const encryptionKey = props.production ? new EncryptionKey(this, 'Encryption', { stage }).key : undefined;
    const keyed = <T extends string>(name: T) => (encryptionKey ? ({ [name]: encryptionKey } as Record<T, typeof encryptionKey>) : {});

    const data = new DataTable(this, 'Data', { definition: topology.table, ...keyed('encryptionKey') });
    const events = new DomainEventBus(this, 'Events', {
      eventBusName: `${topology.eventBus.logicalName}-${stage}`,
      archiveRetentionDays: topology.eventBus.archiveRetentionDays,
      partnerSubscriptions: props.partnerSubscriptions,
      ...keyed('archiveEncryptionKey'),
    });

    // Subscribers find each event's schema in the registry (docs/api-reference.md).
    const eventSchemas = new EventSchemaRegistry(this, 'EventSchemas', { registryName: `bss-events-${stage}`, schemas: publishedEventSchemas() });

    const documents = new DocumentBucket(this, 'Documents');
    // The seller on bills (docs/bill-documents.md): checked here, so a bad one fails the synth, not a bill.
    const seller = props.seller === undefined ? undefined : JSON.stringify(sellerFrom(props.seller, 'the CDK context seller'));

    const auth = new Auth(this, 'Auth', { userPoolName: `bss-users-${stage}`, domainPrefix: props.authDomainPrefix ?? `bss-${stage}-${this.idFragment()}` });
    // The portal and the agent desktop (docs/web.md): their origin is one the API allows.
    const web = new WebHosting(this, 'Web', { logRetention, ...keyed('logEncryptionKey') });
    const api = new BssRestApi(this, 'Http', {
      restApiName: `bss-api-${stage}`,
      stageName: stage,
      routes: topology.routes,
      userPools: [auth.userPool, auth.staffPool],
      throttle: { rateLimit: 200, burstLimit: 400 },
      partnerThrottle: { rateLimit: 20, burstLimit: 40 },
      partnerDailyQuota: 100_000,
      enableWaf: props.enableWaf,
      corsAllowOrigins: [web.origin, ...(props.corsAllowOrigins ?? [])],
      appOrigin: web.origin,
      logRetention,
      ...keyed('logEncryptionKey'),
    });

    // Customers sign in to the portal at the users pool's managed login, staff to the desktop at the staff pool's.
    const portalSignIn = auth.addBrowserClient('PortalClient', 'users', { callbackUrl: web.appUrls('portal').callback, logoutUrl: web.appUrls('portal').signedOut });
    const agentSignIn = auth.addBrowserClient('AgentClient', 'staff', { callbackUrl: web.appUrls('agent').callback, logoutUrl: web.appUrls('agent').signedOut });
    web.deployApps({
      // The origin only (no stage), so the pages' CSP does not wait for the API's deployment.
      apiOrigin: `https://${api.api.restApiId}.execute-api.${this.region}.${this.urlSuffix}`,
      apiBaseUrl: `https://${api.api.restApiId}.execute-api.${this.region}.${this.urlSuffix}/${stage}`,
      signIn: {
        portal: { domainUrl: portalSignIn.domain.baseUrl(), clientId: portalSignIn.client.userPoolClientId },
        agent: { domainUrl: agentSignIn.domain.baseUrl(), clientId: agentSignIn.client.userPoolClientId },
      },
    });

    // Shared by every hub subscription's API destination, made at run time (docs/events.md, "Hub subscriptions").
    const hubCallbacks = new HubCallbacks(this, 'HubCallbacks', { stage });

    const grantedElsewhere = new Set([
      topology.outboxRelay.function,
      topology.hubCallbackDeadLetters.function,
      ...topology.eventRules.flatMap((rule) => (rule.target.kind === 'function' ? [rule.target.name] : [])),
    ]);
    this.contextStacks = topology.contexts.map(
      (context) =>
        new ContextStack(this, `${pascalCase(context.name)}Context`, {
          context,
          stage,
          table: data.table,
          tableIndexArns: data.indexArns,
          eventBus: events.bus,
          documentBucket: documents.bucket,
          tokenPinning: auth.tokenPinning,
          ...(seller ? { seller } : {}),
          api,
          logRetention,
          ...keyed('encryptionKey'),
          grantedElsewhere,
          hubCallbacks: hubCallbacks.settings,
        }),
    );

    // The relay's event source mapping is created with its function anyway; its dead-letter
    // queue and alarm go with them, in the stack of the context that declares the relay.
    const relayStack = this.contextStacks.find((contextStack) => contextStack.declaresFunction(topology.outboxRelay.function));
    if (!relayStack) throw new Error(`No context declares the outbox relay function ${topology.outboxRelay.function}`);
    new OutboxRelay(relayStack, 'OutboxRelay', {
      definition: topology.outboxRelay,
      handler: relayStack.functionNamed(topology.outboxRelay.function),
      table: data.table,
    });

    const hubStack = this.contextStacks.find((contextStack) => contextStack.declaresFunction(topology.hubCallbackDeadLetters.function));
    if (!hubStack) throw new Error(`No context declares the hub dead-letter function ${topology.hubCallbackDeadLetters.function}`);
    hubCallbacks.consumeWith(hubStack.functionNamed(topology.hubCallbackDeadLetters.function), topology.hubCallbackDeadLetters.batchSize);

    new CfnOutput(this, 'ApiUrl', { value: api.api.url });
    new CfnOutput(this, 'UserPoolId', { value: auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: auth.appClient.userPoolClientId });
    new CfnOutput(this, 'StaffPoolId', { value: auth.staffPool.userPoolId });
    new CfnOutput(this, 'StaffPoolClientId', { value: auth.staffClient.userPoolClientId });
    new CfnOutput(this, 'PartnerApiKeyId', { value: api.partnerApiKey.keyId });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: events.bus.eventBusName });
    new CfnOutput(this, 'EventSchemaRegistryName', { value: eventSchemas.registry.attrRegistryName });
    new CfnOutput(this, 'OpenApiDocumentUrl', { value: `${api.api.url}openapi.json` });
    new CfnOutput(this, 'DocumentBucketName', { value: documents.bucket.bucketName });
    new CfnOutput(this, 'PortalUrl', { value: web.appUrls('portal').home });
    new CfnOutput(this, 'AgentUrl', { value: web.appUrls('agent').home });
    new CfnOutput(this, 'PortalClientId', { value: portalSignIn.client.userPoolClientId });
    new CfnOutput(this, 'AgentClientId', { value: agentSignIn.client.userPoolClientId });
  }

  /** The first 8 hexadecimal digits of the stack's id (a UUID): unique per deployment, known only at deploy time. */
  private idFragment(): string {
    return Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', this.stackId))));
  }
}
