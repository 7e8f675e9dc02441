import type * as z from '../../domain/shared/zod.js';
import type { WriteAccess } from '../../domain/shared/write-access.js';

/**
 * What every bounded context module of the topology is written with: the shapes of its
 * declarations and the permissions use cases share. infra/topology.ts composes the modules.
 */

export type TableResource = 'table' | 'table-indexes';

/**
 * A partition-key prefix of the single table (docs/data-model.md), as IAM's StringLike matches
 * it: `CUSTOMER#*` is every item under a customer's partition.
 */
export type KeyPrefix = `${Uppercase<string>}#*`;

/**
 * What a function may do, by resource. CDK turns each into a least-privilege policy statement.
 *
 * A table permission that writes (PutItem, UpdateItem, DeleteItem, BatchWriteItem; the Put,
 * Update and Delete of a TransactWriteItems are authorized as those) names the partition-key
 * prefixes it writes under in `keys`: on AWS the writes get a `dynamodb:LeadingKeys` condition
 * (infra/aws/use-case-functions.ts), so a function cannot write outside them. Derive them from
 * the store modules the function's entry reaches; test/infra/table-write-keys.test.ts checks
 * that against the import graph. Reads stay unconditioned (docs/security.md, item 8).
 */
export type Permission =
  | { resource: TableResource; actions: DynamoDbAction[]; keys?: readonly KeyPrefix[] }
  | { resource: 'event-bus'; actions: ['events:PutEvents'] }
  | { resource: `state-machine:${string}`; actions: StatesAction[] }
  | { resource: 'document-bucket'; actions: DocumentAction[] }
  | { resource: 'hub-callback-destinations'; actions: HubCallbackDestinationAction[] }
  | { resource: 'hub-delivery-bus'; actions: ['events:PutEvents'] };

export type DynamoDbAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:Query'
  | 'dynamodb:ConditionCheckItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:BatchWriteItem';
/** A hub subscription's connection, API destination and rule (docs/events.md, "Hub subscriptions"), made and removed at run time. */
export type HubCallbackDestinationAction =
  | 'events:CreateConnection'
  | 'events:DeleteConnection'
  | 'events:CreateApiDestination'
  | 'events:DeleteApiDestination'
  | 'events:PutRule'
  | 'events:PutTargets'
  | 'events:RemoveTargets'
  | 'events:DeleteRule';
/** Kept documents (docs/bill-documents.md): read, and written once. */
export type DocumentAction = 's3:GetObject' | 's3:PutObject';
export type StatesAction = 'states:StartExecution' | 'states:DescribeExecution' | 'states:SendTaskSuccess' | 'states:SendTaskFailure';

/**
 * Makes and removes hub subscriptions' connections, API destinations and rules: each step's
 * removal too, since a creation that fails part-way removes what it made. On AWS only the
 * resources under the deployment's hub prefix, with the hub's invocation role passed to the rules.
 */
export const managesHubCallbackDestinations: Permission = {
  resource: 'hub-callback-destinations',
  actions: [
    'events:CreateConnection',
    'events:DeleteConnection',
    'events:CreateApiDestination',
    'events:DeleteApiDestination',
    'events:PutRule',
    'events:PutTargets',
    'events:RemoveTargets',
    'events:DeleteRule',
  ],
};

/** Task callbacks (SendTaskSuccess/Failure) are authorized per state machine, as StartExecution is. */
export const sendTaskResults: StatesAction[] = ['states:SendTaskSuccess', 'states:SendTaskFailure'];

/** What a function gets when its definition sets nothing: on AWS and, for the timeout, locally. */
export const functionDefaults = {
  timeoutSeconds: 10,
  /** arm64 at 1 GB: enough CPU for a short cold start, still cheap per request. */
  memoryMb: 1024,
} as const;

/**
 * Renders and keeps documents (bills, credit notes): reads the kept one, writes it once. On AWS
 * the function's bundle also carries the fonts documents are set in (infra/aws/use-case-bundling.ts).
 */
export const keepsDocuments: Permission = { resource: 'document-bucket', actions: ['s3:GetObject', 's3:PutObject'] };

/** The V8 heap options a function runs with (its NODE_OPTIONS on AWS); the bench runs what it measures of the function with the same. */
export const heapOptionsOf = (definition: Pick<FunctionDefinition, 'maxSemiSpaceMb'>): string[] =>
  definition.maxSemiSpaceMb === undefined ? [] : [`--max-semi-space-size=${definition.maxSemiSpaceMb}`];

/** Whether a function renders documents: only those carry the fonts. */
export const rendersDocuments = (definition: Pick<FunctionDefinition, 'permissions'>): boolean =>
  definition.permissions.some((permission) => permission.resource === 'document-bucket' && (permission.actions as string[]).includes('s3:PutObject'));

export interface FunctionDefinition {
  /** Unique use-case name; also the Lambda function's logical id and the local handler key. */
  name: string;
  /** Handler module relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  permissions: Permission[];
  memoryMb?: number;
  /**
   * V8's young-generation semi-space, in MiB (Node's `--max-semi-space-size`), for the functions
   * that allocate at a high rate: below 2 GiB of memory V8 picks 8 MiB or less, and the scavenges
   * that follow take a fifth of the CPU of a billing page (docs/billing.md, "Measured"). The young
   * generation is three semi-spaces, so it costs three times this of the function's memory.
   */
  maxSemiSpaceMb?: number;
  timeoutSeconds?: number;
  /**
   * Concurrent executions reserved for (and capped at) this function on AWS: set on the public
   * handlers and the expensive ones (docs/security.md, Rate limits), so a flood of them cannot
   * take the whole account's concurrency from every other use case, nor run up the bill. Taken
   * from the account's regional pool (1,000 by default, of which Lambda keeps 100 unreserved),
   * so keep the numbers modest; test/infra/bss-stack.test.ts holds their sum. The local runtime
   * ignores it.
   */
  reservedConcurrency?: number;
  /**
   * The bundle carries the API reference documents (OpenAPI, event schemas) as files beside its
   * code, written when it is bundled (functions/platform/api-reference-documents.ts), instead of
   * building every schema of the API at its cold start.
   */
  carriesApiReference?: boolean;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RouteBase {
  method: HttpMethod;
  /** API Gateway resource path, e.g. /tmf-api/customerManagement/v4/customer/{id}. */
  path: string;
  function: string;
  /** false only for public routes such as /health. */
  authorized: boolean;
  /**
   * At most this many requests per caller (the Authorization header's value) in the window, for
   * the expensive routes: a WAF rate-based rule on AWS (infra/aws/http-api.ts), the local API
   * gateway's limiter locally (infra/local/per-caller-limiter.ts); beyond it, 429 with a TMF
   * error and Retry-After.
   */
  perCallerLimit?: PerCallerLimit;
  /**
   * A partner route: API Gateway requires the partner's API key (X-Api-Key) besides the token and
   * meters it against the partner usage plan (throttle and daily quota, infra/aws/http-api.ts).
   */
  apiKeyRequired?: boolean;
  /**
   * A DELETE that honours If-Match (412 when it names a version that is no longer current), as
   * every PATCH and PUT does; the API reference lists the 412 for it.
   */
  ifMatch?: boolean;
  /**
   * The query parameters of a route that is not a TMF list (those take the TMF list parameters
   * of docs/api.md), for the API reference; the handler checks them.
   */
  queryParameters?: readonly RouteQueryParameter[];
  /**
   * The success answer of an extension route no TM Forum specification describes: its zod
   * schema and an example it accepts, published as the route's `200` in the API reference.
   */
  response?: { schema: z.ZodMiniType; example: unknown; description: string; headers?: Readonly<Record<string, ResponseHeader>> };
}

/** A header of an extension route's success answer (ETag, Content-Disposition), as the API reference lists it. */
export interface ResponseHeader {
  description: string;
  example: string;
}

export interface RouteQueryParameter {
  name: string;
  description: string;
  required: boolean;
  example: string;
}

/**
 * A WAF rate-based rule's terms: at least 10 requests, over one of the windows WAF evaluates
 * (60, 120, 300 or 600 s).
 */
export interface PerCallerLimit {
  requests: number;
  perSeconds: 60 | 120 | 300 | 600;
}

/**
 * A route with a body names its schema and who may write what of it: the handler validates
 * with the schema and enforces the write access (domain/shared/write-access.ts), and API
 * Gateway gets the schema as its request model, so malformed bodies stop at the gateway on AWS.
 */
export type RouteDefinition = RouteBase &
  (
    | { requestBody?: undefined; writeAccess?: undefined; requestExample?: undefined }
    | {
        requestBody: z.ZodMiniType;
        writeAccess: WriteAccess;
        /**
         * The API reference's example of this route's body, when the one built from the schema
         * would not do on it (routes that share a schema but not what it may name: each TMF API's
         * hub takes its own event types). The schema must accept it; the reference's tests check.
         */
        requestExample?: unknown;
      }
  );

export type RuleTarget = { kind: 'state-machine'; name: string } | { kind: 'function'; name: string };

export interface EventRuleDefinition {
  name: string;
  description: string;
  pattern: Record<string, unknown>;
  target: RuleTarget;
}

export interface StateMachineDefinition {
  name: string;
  /** ASL file under state-machines/, JSONPath mode, every Task with TimeoutSeconds. */
  definitionFile: string;
  /** Functions its Task states invoke, referenced in the ASL as ${<PascalName>FunctionArn}. */
  invokes: string[];
}

/** The ASL substitution key for a function's ARN: open-default-billing-account → OpenDefaultBillingAccountFunctionArn. */
export function functionArnSubstitutionKey(functionName: string): string {
  const pascal = functionName
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
  return `${pascal}FunctionArn`;
}

export interface ScheduleDefinition {
  name: string;
  /** EventBridge Scheduler cron expression, e.g. cron(0 2 * * ? *). */
  expression: string;
  timeZone: string;
  target: RuleTarget;
  input: Record<string, unknown>;
}

export const readTable: Permission = { resource: 'table', actions: ['dynamodb:GetItem'] };
export const queryIndexes: Permission = { resource: 'table-indexes', actions: ['dynamodb:Query'] };

/** Table actions that change items: the ones a permission's `keys` restrict. */
export const tableWriteActions: readonly DynamoDbAction[] = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

/** The partition-key prefixes a function writes under, over all its table permissions. */
export const writtenKeyPrefixes = (definition: Pick<FunctionDefinition, 'permissions'>): KeyPrefix[] =>
  [...new Set(definition.permissions.flatMap((permission) => (permission.resource === 'table' && 'keys' in permission ? (permission.keys ?? []) : [])))].sort();

/** Idempotency records (Powertools persistence layer) live in the same table, under IDEMPOTENCY#<use case>. */
export const idempotencyRecords: DynamoDbAction[] = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

export const readWrite: DynamoDbAction[] = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

/**
 * One bounded context: its use cases, the routes they answer, its state machines, and the event
 * rules and schedules that start them. On AWS each context deploys as its own nested stack
 * (infra/aws/context-stack.ts), so a state machine invokes only functions of its own context,
 * and a rule or schedule lives in the context of its target.
 */
export interface BoundedContext {
  /** kebab-case, unique; names the context's nested stack. */
  name: string;
  functions: FunctionDefinition[];
  routes: RouteDefinition[];
  stateMachines: StateMachineDefinition[];
  eventRules: EventRuleDefinition[];
  schedules: ScheduleDefinition[];
}
