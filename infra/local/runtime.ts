import './handler-defaults.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { eventJsonSchemas } from '../../domain/events/event-catalog.js';
import {
  eventBus,
  eventRules,
  functionArnSubstitutionKey,
  functionEnvironment,
  hubCallbackDeadLetters,
  outboxRelay,
  routes,
  schedules,
  stateMachineArnVariable,
  stateMachines,
  type RuleTarget,
} from '../topology.js';
import { answerClientError, answerUnmetExpectation, LocalApiGateway, type RequestLogEntry } from './api-gateway.js';
import { DocsPageServer } from './docs-page-server.js';
import { SignInServer } from './sign-in-server.js';
import { WebAppServer } from './web-app-server.js';
import { buildWebApps, webApps } from '../web/web-build.js';
import { loadSigningKey } from './dev-issuer.js';
import { ensureTable, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.js';
import { AwsServiceError, sendAwsError, sendJson } from './aws-json-protocol.js';
import { LocalEventBridgeService, type BusEvent, type LocalRuleTarget } from './eventbridge-service.js';
import { sqsEventOf } from './queue-messages.js';
import { partnerForwardingRules, putOnPartnerBus, type LocalPartnerBus } from './partner-buses.js';
import { freePort } from './free-port.js';
import { FunctionRuntime } from './function-runtime.js';
import { localPaths, repositoryRoot } from './local-paths.js';
import { LocalStepFunctionsService, type LocalStateMachine } from './step-functions/step-functions-service.js';
import { LocalScheduler } from './scheduler.js';
import { DynamoDbStreamPoller } from './stream-poller.js';
import { DynamoDbFaultProxy } from './faults/dynamodb-fault-proxy.js';
import { FaultInjector } from './faults/fault-injector.js';
import type { FaultProfile } from './faults/fault-profile.js';
import type { DynamoDBBatchResponse, SQSBatchResponse } from 'aws-lambda';

export const localAccountId = '000000000000';
export const localRegion = 'us-east-1';
/** The hub's dead-letter queue (docs/events.md, "Hub subscriptions"): the bus hands what lands there to its function. */
const hubDeadLetterQueueArn = `arn:aws:sqs:${localRegion}:${localAccountId}:bss-hub-dead-letters`;
/** The hub's own bus, served beside the domain bus: signed deliveries and the subscriptions' rules. */
const hubEventBusName = 'bss-hub';
export const localTableName = 'bss';

export interface LocalRuntimeOptions {
  /** API port; 0 picks a free one. */
  port: number;
  /** Port of the AWS service endpoints (EventBridge, Step Functions) and /_local diagnostics; 0 picks a free one. */
  servicesPort: number;
  /** Keep DynamoDB data in memory instead of under the data directory. */
  inMemory: boolean;
  dataDirectory?: string;
  log: (line: string) => void;
  /** Print a line per HTTP request. */
  logRequests: boolean;
  /** Inject the faults of this profile (docs/reliability.md); none when absent. */
  faults?: FaultProfile;
  /** Partner buses that receive, at their local endpoints, the partner events they subscribe to (docs/events.md, "Partners"). */
  partnerBuses?: readonly LocalPartnerBus[];
}

export interface LocalRuntime {
  url: string;
  /** The web apps on the API's origin (docs/web.md). */
  webUrls: { portal: string; agent: string };
  /** Why the web apps are not served, when their build failed; the API works regardless. */
  webBuildError?: string;
  servicesUrl: string;
  dynamoDbEndpoint: string;
  tableName: string;
  signingKey: Uint8Array;
  functions: FunctionRuntime;
  eventBridge: LocalEventBridgeService;
  stepFunctions: LocalStepFunctionsService;
  streamPoller: DynamoDbStreamPoller;
  scheduler: LocalScheduler;
  /** The faults injected so far, when a profile is on. */
  faults?: FaultInjector;
  stop(): Promise<void>;
}

/** The ARN a Lambda function has locally; state machines and rules name functions by it. */
export const localFunctionArn = (name: string) => `arn:aws:lambda:${localRegion}:${localAccountId}:function:${name}`;
export const localStateMachineArn = (name: string) => `arn:aws:states:${localRegion}:${localAccountId}:stateMachine:${name}`;

/** The ASL of each state machine with its function placeholders resolved to local ARNs. */
export function localStateMachines(): LocalStateMachine[] {
  return stateMachines.map((machine) => {
    let text = readFileSync(resolve(repositoryRoot, machine.definitionFile), 'utf8');
    for (const name of machine.invokes) text = text.replaceAll(`\${${functionArnSubstitutionKey(name)}}`, localFunctionArn(name));
    return { name: machine.name, arn: localStateMachineArn(machine.name), definition: JSON.parse(text) as object };
  });
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolveListening, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolveListening(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/**
 * Starts the whole system on this machine: DynamoDB Local with the single table, the
 * EventBridge and Step Functions endpoints, the outbox stream relay, and the API gateway
 * in front of the in-process handlers. Handlers reach the services through the real AWS SDK
 * clients, pointed here by the SDK's AWS_ENDPOINT_URL_* variables.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const paths = localPaths(options.dataDirectory);
  const signingKey = loadSigningKey(paths.signingKeyFile);
  const dynamoDbPort = await freePort();
  const servicesServer = createServer();
  const servicesPort = await listen(servicesServer, options.servicesPort);
  const servicesUrl = `http://127.0.0.1:${servicesPort}`;

  // In memory, documents go to a temporary folder that goes with the runtime, as the data does.
  const documentDirectory = options.inMemory ? mkdtempSync(resolve(tmpdir(), 'bss-documents-')) : paths.documentDirectory;
  const dynamoDb: DynamoDbLocal = await startDynamoDbLocal({
    port: dynamoDbPort,
    ...(options.inMemory ? {} : { dataDirectory: paths.dynamoDbDirectory }),
  });
  const faults = options.faults ? new FaultInjector(options.faults) : undefined;
  // Handlers reach the table through the fault proxy when faults are on; the stream relay and tools go straight to it.
  const faultProxy = faults ? new DynamoDbFaultProxy(dynamoDb.endpoint, faults) : undefined;
  const stopOnFailure = async (error: unknown): Promise<never> => {
    servicesServer.close();
    await faultProxy?.stop();
    await dynamoDb.stop();
    throw error;
  };

  try {
    Object.assign(process.env, {
      AWS_REGION: localRegion,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: faultProxy ? await faultProxy.start() : dynamoDb.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB_STREAMS: dynamoDb.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: servicesUrl,
      AWS_ENDPOINT_URL_SFN: servicesUrl,
      TABLE_NAME: localTableName,
      EVENT_BUS_NAME: eventBus.logicalName,
      BSS_DOCUMENT_DIR: documentDirectory,
      BSS_SIMULATED_GATEWAY_TIMEOUT_AFTER_CHARGE_RATE: String(options.faults?.rates.gatewayTimeoutAfterCharge ?? 0),
    });
    // Hub listeners run on the developer's machine, over http (docs/events.md, "Hub subscriptions").
    process.env.BSS_HUB_ALLOW_LOCAL_CALLBACKS ??= 'true';
    // What the CDK app gives the hub functions on AWS (infra/aws/hub-callbacks.ts); the local bus takes any role.
    Object.assign(process.env, {
      BSS_HUB_EVENT_BUS_NAME: hubEventBusName,
      BSS_HUB_RESOURCE_PREFIX: 'bss-hub-',
      BSS_HUB_INVOKE_ROLE_ARN: `arn:aws:iam::${localAccountId}:role/bss-hub-invoke`,
      BSS_HUB_DEAD_LETTER_QUEUE_ARN: hubDeadLetterQueueArn,
    });
    for (const [name, value] of Object.entries(functionEnvironment)) process.env[name] ??= value;
    // Locally every function may start every machine; on AWS each gets only the ARNs its permissions name.
    for (const machine of stateMachines) process.env[stateMachineArnVariable(machine.name)] = localStateMachineArn(machine.name);
    delete process.env.AWS_PROFILE;

    const awsConfig = { endpoint: dynamoDb.endpoint, region: localRegion, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
    const admin = new DynamoDBClient(awsConfig);
    const streamArn = await ensureTable(admin, localTableName);
    admin.destroy();

    const functions = new FunctionRuntime(repositoryRoot, localRegion, localAccountId, faults);
    const invokeFunction = async (name: string, payload: unknown) => (await functions.invoke(name, payload)).result;
    const stepFunctions = new LocalStepFunctionsService({
      stateMachines: localStateMachines(),
      invokeFunction: async (name, payload) => {
        if (faults?.strikes('taskServiceError')) throw Object.assign(new Error(`injected fault: the Lambda service did not run ${name}`), { name: 'Lambda.ServiceException' });
        return invokeFunction(name, payload);
      },
      accountId: localAccountId,
      region: localRegion,
      log: options.log,
    });
    /** Rules and schedules start their targets alike: a function gets the input as its event, a state machine an execution. */
    const startTarget = async (target: RuleTarget, input: unknown): Promise<void> => {
      if (target.kind === 'function') {
        await invokeFunction(target.name, input);
        return;
      }
      const started = await stepFunctions.handle('StartExecution', {
        stateMachineArn: localStateMachineArn(target.name),
        input: JSON.stringify(input),
      });
      if (started.status !== 200) throw new Error(`StartExecution failed: ${JSON.stringify(started.body)}`);
    };
    const deliver = (target: LocalRuleTarget, event: BusEvent): Promise<void> => (target.kind === 'partner-bus' ? putOnPartnerBus(target, event) : startTarget(target, event));
    const eventBridge = new LocalEventBridgeService({
      busName: eventBus.logicalName,
      rules: [...eventRules, ...partnerForwardingRules(options.partnerBuses ?? [])],
      deliver,
      accountId: localAccountId,
      region: localRegion,
      ...(faults ? { faults } : {}),
      otherBuses: [hubEventBusName],
      ...(options.inMemory ? {} : { apiDestinationsStateFile: paths.apiDestinationsStateFile }),
      sendToQueue: async (queueArn, message) => {
        if (queueArn !== hubDeadLetterQueueArn) throw new Error(`no local queue ${queueArn}`);
        const answer = (await invokeFunction(hubCallbackDeadLetters.function, sqsEventOf(queueArn, message))) as SQSBatchResponse;
        if (answer.batchItemFailures.length > 0) throw new Error(`${hubCallbackDeadLetters.function} could not record the message`);
      },
      log: options.log,
    });

    servicesServer.on('request', (request, response) => {
      const target = String(request.headers['x-amz-target'] ?? '');
      if (request.method === 'GET' && request.url === '/_local/dead-letters') {
        sendJson(response, 200, { eventDeliveries: eventBridge.deadLetters(), outboxRecords: streamPoller.failedRecords() }, 'application/json');
        return;
      }
      if (request.method === 'GET' && request.url === '/_local/api-destinations') {
        sendJson(response, 200, eventBridge.runtimeResources(), 'application/json');
        return;
      }
      if (request.method === 'GET' && request.url === '/_local/event-schemas') {
        sendJson(response, 200, eventJsonSchemas(), 'application/json');
        return;
      }
      if (request.method === 'GET' && request.url === '/_local/faults') {
        sendJson(response, 200, { profile: options.faults?.name ?? 'none', injected: faults?.counts() ?? {} }, 'application/json');
        return;
      }
      if (request.method === 'GET' && request.url === '/_local/events') {
        sendJson(response, 200, eventBridge.recentEvents(), 'application/json');
        return;
      }
      if (target.startsWith('AWSStepFunctions.')) {
        stepFunctions.requestListener(request, response);
        return;
      }
      if (target.startsWith('AWSEvents.')) {
        eventBridge.requestListener(request, response);
        return;
      }
      const unknown = new AwsServiceError('UnknownOperationException', `nothing local answers ${request.method} ${request.url} ${target}`, 404);
      sendAwsError(response, unknown, 'application/json');
    });

    const streamPoller = new DynamoDbStreamPoller({
      client: new DynamoDBStreamsClient(awsConfig),
      streamArn,
      region: localRegion,
      filter: outboxRelay.recordFilter,
      batchSize: outboxRelay.batchSize,
      maxAttempts: outboxRelay.maximumRetryAttempts + 1,
      invoke: async (event) => (await functions.invoke(outboxRelay.function, event)).result as DynamoDBBatchResponse,
      ...(options.inMemory ? {} : { checkpointFile: paths.streamCheckpointFile }),
      log: options.log,
    });
    streamPoller.start();
    const scheduler = new LocalScheduler({ schedules, fire: startTarget, log: options.log });
    scheduler.start();

    const gateway = new LocalApiGateway({
      routes,
      runtime: functions,
      signingKey,
      accountId: localAccountId,
      ...(process.env.BSS_PER_CALLER_LIMITS ? { perCallerLimitsOverride: process.env.BSS_PER_CALLER_LIMITS } : {}),
      ...(options.logRequests
        ? {
            onRequest: (entry: RequestLogEntry) =>
              options.log(`${entry.method} ${entry.path} ${entry.status} ${entry.durationMs.toFixed(1)}ms (${entry.roundTrips} DynamoDB calls)`),
          }
        : {}),
    });
    const docsPage = new DocsPageServer();
    // Built at every start, into memory, from the sources as they are: never stale, and nothing
    // written where a concurrent `npm run web:build` or another runtime writes (docs/web.md).
    const webBuild = await buildWebApps(repositoryRoot).then(
      (apps) => ({ apps }),
      (error: unknown) => ({ error: (error as Error).message }),
    );
    const webAppPages = new WebAppServer(webApps, webBuild);
    let url = '';
    const signIn = new SignInServer({ signingKey, apiUrl: () => url });
    const besideTheGateway = [docsPage, webAppPages, signIn];
    const apiServer = createServer((request, response) => {
      const page = besideTheGateway.find((server) => server.handles(request));
      if (page) page.requestListener(request, response);
      else gateway.requestListener(request, response);
    });
    apiServer.keepAliveTimeout = 5_000;
    apiServer.on('clientError', answerClientError);
    apiServer.on('checkExpectation', answerUnmetExpectation);
    const port = await listen(apiServer, options.port);
    url = `http://localhost:${port}`;

    return {
      url,
      webUrls: { portal: `${url}/portal/`, agent: `${url}/agent/` },
      ...('error' in webBuild ? { webBuildError: webBuild.error } : {}),
      servicesUrl,
      dynamoDbEndpoint: dynamoDb.endpoint,
      tableName: localTableName,
      signingKey,
      functions,
      eventBridge,
      stepFunctions,
      streamPoller,
      scheduler,
      ...(faults ? { faults } : {}),
      async stop() {
        try {
          scheduler.stop();
          apiServer.closeAllConnections();
          await new Promise((done) => apiServer.close(() => done(undefined)));
          await streamPoller.stop();
          eventBridge.stop();
          stepFunctions.stop();
          servicesServer.closeAllConnections();
          await new Promise((done) => servicesServer.close(() => done(undefined)));
          await faultProxy?.stop();
        } finally {
          // Whatever failed above, DynamoDB Local (a JVM of its own) is stopped: the process that started it exits next, and a JVM left behind outlives it.
          await dynamoDb.stop();
          if (options.inMemory) rmSync(documentDirectory, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    return stopOnFailure(error);
  }
}
