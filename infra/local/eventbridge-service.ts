import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventRuleDefinition, RuleTarget } from '../topology.js';
import { LocalApiDestinations, type ApiDestinationTarget, type InvocationOutcome, type RuntimeRule } from './api-destinations.js';
import { AwsServiceError, awsJson1_1, readJson, sendAwsError, sendJson } from './aws-json-protocol.js';
import { assertValidEventPattern, matchesEventPattern } from './event-pattern.js';
import type { FaultInjector } from './faults/fault-injector.js';
import type { PartnerBusTarget } from './partner-buses.js';

/** An event as EventBridge hands it to targets. */
export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

/** A target of the local bus: the topology's (functions, state machines), or a partner's bus (partner-buses.ts). */
export type LocalRuleTarget = RuleTarget | PartnerBusTarget;

export interface LocalEventRule extends Omit<EventRuleDefinition, 'target'> {
  target: LocalRuleTarget;
}

export interface DeadLetter {
  rule: string;
  target: LocalRuleTarget | { kind: 'api-destination'; name: string };
  event: BusEvent;
  attempts: number;
  error: string;
  failedAt: string;
}

export type DeliverToTarget = (target: LocalRuleTarget, event: BusEvent) => Promise<void>;

/** A message EventBridge sends to a target's dead-letter queue: the event, and why it was not delivered. */
export interface QueuedDeadLetter {
  body: string;
  attributes: Record<'RULE_ARN' | 'TARGET_ARN' | 'ERROR_CODE' | 'ERROR_MESSAGE' | 'RETRY_ATTEMPTS' | 'EXHAUSTED_RETRY_CONDITION', string>;
}

export interface EventBridgeServiceOptions {
  busName: string;
  rules: LocalEventRule[];
  deliver: DeliverToTarget;
  accountId: string;
  region: string;
  /** Attempts per target before the event goes to the dead-letter store (AWS: retry policy). */
  maxAttempts?: number;
  retryBaseDelayMs?: number;
  /** Injected faults (a fault profile): entries refused with InternalFailure, deliveries made twice. */
  faults?: FaultInjector;
  /** Where the connections, API destinations and rules made at run time are kept across restarts (none: in memory). */
  apiDestinationsStateFile?: string;
  /** More buses this endpoint serves, by name, with rules made at run time only (the hub's: docs/events.md). */
  otherBuses?: readonly string[];
  /** Sends a dead letter of an API destination target to the queue its DeadLetterConfig names; throws when nothing takes it. */
  sendToQueue?: (queueArn: string, message: QueuedDeadLetter) => Promise<void>;
  log?: (line: string) => void;
}

interface HeldDelivery {
  rule: LocalEventRule;
  event: BusEvent;
}

/** PutEvents limits as documented by EventBridge. */
const maxEntries = 10;
const maxEntryBytes = 256 * 1024;
const recentEventsKept = 500;

/**
 * The local EventBridge: speaks the service's JSON protocol (so handlers use the real SDK
 * client), matches the topology's rules with EventBridge pattern semantics, and delivers to
 * targets asynchronously with retries; what still fails lands in a dead-letter store that
 * `deadLetters()` (and GET /_local/dead-letters) lists.
 */
export class LocalEventBridgeService {
  readonly busArn: string;
  private readonly maxAttempts: number;
  private readonly retryBaseDelayMs: number;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly recent: BusEvent[] = [];
  private readonly deadLetterStore: DeadLetter[] = [];
  private readonly apiDestinations: LocalApiDestinations;
  private readonly topologyRuleNames: ReadonlySet<string>;
  private held: { rules: ReadonlySet<string>; deliveries: HeldDelivery[] } | undefined;
  private stopped = false;

  constructor(private readonly options: EventBridgeServiceOptions) {
    for (const rule of options.rules) assertValidEventPattern(rule.pattern);
    this.busArn = `arn:aws:events:${options.region}:${options.accountId}:event-bus/${options.busName}`;
    this.maxAttempts = options.maxAttempts ?? 4;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 200;
    this.apiDestinations = new LocalApiDestinations(`arn:aws:events:${options.region}:${options.accountId}`, [options.busName, ...(options.otherBuses ?? [])], options.apiDestinationsStateFile);
    this.topologyRuleNames = new Set(options.rules.map((rule) => rule.name));
  }

  /** Events accepted by PutEvents on the domain bus, newest last (a bounded window, for diagnostics and tests). */
  recentEvents(): BusEvent[] {
    return [...this.recent];
  }

  /** The connections, API destinations and rules made at run time, by name. */
  runtimeResources(): ReturnType<LocalApiDestinations['names']> {
    return this.apiDestinations.names();
  }

  deadLetters(): DeadLetter[] {
    return [...this.deadLetterStore];
  }

  /** Resolves once every delivery started so far (retries included) has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  stop(): void {
    this.stopped = true;
    // Held deliveries are not lost silently: started after the stop, they land in the dead letters.
    this.startInOrder(this.held?.deliveries.splice(0) ?? [], Number.POSITIVE_INFINITY);
  }

  /**
   * Holds the deliveries to the named rules' targets until the returned function releases them,
   * `concurrency` at a time in the order their events arrived (as a target's reserved
   * concurrency would pace them on AWS), and says how many it released. For the bench: on a
   * two-core machine a section measures one workload at a time (the billing run without the
   * bills' consumers beside it, which on AWS run on Lambda capacity of their own), then
   * measures the held work as it drains.
   */
  holdDeliveries(ruleNames: Iterable<string>): (concurrency?: number) => number {
    if (this.held) throw new Error('deliveries are already held');
    const rules = new Set(ruleNames);
    for (const name of rules) if (!this.options.rules.some((rule) => rule.name === name)) throw new Error(`no rule ${name} on ${this.options.busName}`);
    const held = { rules, deliveries: [] as HeldDelivery[] };
    this.held = held;
    return (concurrency = Number.POSITIVE_INFINITY) => {
      if (this.held === held) this.held = undefined;
      const waiting = held.deliveries.splice(0);
      this.startInOrder(waiting, concurrency);
      return waiting.length;
    };
  }

  /** node:http listener speaking EventBridge's awsJson1_1 protocol (X-Amz-Target: AWSEvents.<Operation>). */
  readonly requestListener = (request: IncomingMessage, response: ServerResponse): void => {
    const operation = String(request.headers['x-amz-target'] ?? '').replace(/^AWSEvents\./, '');
    readJson(request)
      .then((body) => sendJson(response, 200, this.handle(operation, body), awsJson1_1))
      .catch((error: unknown) => {
        const answer = error instanceof AwsServiceError ? error : new AwsServiceError('ValidationException', (error as Error).message);
        sendAwsError(response, answer, awsJson1_1);
      });
  };

  handle(operation: string, body: Record<string, unknown>): unknown {
    switch (operation) {
      case 'PutEvents':
        return this.putEvents(body);
      case 'ListRules':
        return {
          Rules: this.options.rules.map((rule) => ({
            Name: rule.name,
            Arn: `arn:aws:events:${this.options.region}:${this.options.accountId}:rule/${this.options.busName}/${rule.name}`,
            EventPattern: JSON.stringify(rule.pattern),
            State: 'ENABLED',
            Description: rule.description,
            EventBusName: this.options.busName,
          })),
        };
      case 'ListTargetsByRule': {
        const rule = this.options.rules.find((candidate) => candidate.name === body.Rule);
        if (!rule) throw new AwsServiceError('ResourceNotFoundException', `Rule ${String(body.Rule)} does not exist on ${this.options.busName}`);
        if (rule.target.kind === 'partner-bus') return { Targets: [{ Id: 'PartnerBus', Arn: rule.target.name }] };
        const service = rule.target.kind === 'function' ? `lambda:${this.options.region}:${this.options.accountId}:function` : `states:${this.options.region}:${this.options.accountId}:stateMachine`;
        return { Targets: [{ Id: rule.target.name, Arn: `arn:aws:${service}:${rule.target.name}` }] };
      }
      case 'TestEventPattern': {
        const pattern = JSON.parse(String(body.EventPattern ?? 'null')) as unknown;
        assertValidEventPattern(pattern);
        return { Result: matchesEventPattern(pattern, JSON.parse(String(body.Event ?? 'null'))) };
      }
      case 'DescribeEventBus':
        return { Name: this.options.busName, Arn: this.busArn };
      default: {
        const answer = this.apiDestinations.handle(operation, body, this.topologyRuleNames);
        if (answer === undefined) throw new AwsServiceError('UnknownOperationException', `the local EventBridge does not implement ${operation}`);
        return answer;
      }
    }
  }

  private putEvents(body: Record<string, unknown>) {
    const entries = body.Entries;
    if (!Array.isArray(entries) || entries.length === 0 || entries.length > maxEntries) {
      throw new AwsServiceError('ValidationException', `Entries must hold 1 to ${maxEntries} events`);
    }
    let failed = 0;
    const results = entries.map((entry: Record<string, unknown>) => {
      const bus = this.apiDestinations.busNamed(entry.EventBusName);
      const problem = this.entryProblem(entry, bus);
      if (problem !== undefined || bus === undefined) {
        failed += 1;
        return { ErrorCode: 'InvalidArgument', ErrorMessage: problem };
      }
      if (this.options.faults?.strikes('putEventsEntryFailure')) {
        failed += 1;
        return { ErrorCode: 'InternalFailure', ErrorMessage: 'injected fault: the entry was not accepted; retry it' };
      }
      const event: BusEvent = {
        version: '0',
        id: randomUUID(),
        'detail-type': String(entry.DetailType),
        source: String(entry.Source),
        account: this.options.accountId,
        time: eventTime(entry.Time),
        region: this.options.region,
        resources: Array.isArray(entry.Resources) ? entry.Resources.map(String) : [],
        detail: JSON.parse(String(entry.Detail)),
      };
      this.accept(bus, event);
      return { EventId: event.id };
    });
    return { FailedEntryCount: failed, Entries: results };
  }

  private entryProblem(entry: Record<string, unknown>, bus: string | undefined): string | undefined {
    if (!bus) return `unknown event bus ${String(entry.EventBusName)}`;
    if (typeof entry.Source !== 'string' || entry.Source.length === 0) return 'Source is required';
    if (typeof entry.DetailType !== 'string' || entry.DetailType.length === 0) return 'DetailType is required';
    if (typeof entry.Detail !== 'string') return 'Detail is required';
    if (Buffer.byteLength(JSON.stringify(entry)) > maxEntryBytes) return `entry exceeds ${maxEntryBytes} bytes`;
    try {
      const detail = JSON.parse(entry.Detail) as unknown;
      if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return 'Detail must be a JSON object';
    } catch {
      return 'Detail is not valid JSON';
    }
    return undefined;
  }

  private accept(bus: string, event: BusEvent): void {
    for (const rule of this.apiDestinations.runtimeRules(bus)) {
      if (!matchesEventPattern(rule.pattern, event)) continue;
      this.options.log?.(`event ${event['detail-type']} ${event.id} matched rule ${rule.name}`);
      for (const target of rule.targets) this.track(this.sendToApiDestination(rule, target, event));
    }
    if (bus !== this.options.busName) return;
    this.recent.push(event);
    if (this.recent.length > recentEventsKept) this.recent.shift();
    for (const rule of this.options.rules) {
      if (!matchesEventPattern(rule.pattern, event)) continue;
      this.options.log?.(`event ${event['detail-type']} ${event.id} matched rule ${rule.name}`);
      // At least once: a target must apply a delivery made twice only once.
      const deliveries = this.options.faults?.strikes('duplicateDelivery') ? 2 : 1;
      for (let copy = 0; copy < deliveries; copy += 1) {
        if (this.held?.rules.has(rule.name)) this.held.deliveries.push({ rule, event });
        else this.track(this.deliverWithRetries(rule, event));
      }
    }
  }

  /**
   * An API destination target as EventBridge serves it: tried again with back-off while the
   * answer is one EventBridge retries, within the target's retry policy (attempts and the
   * event's age); then the event goes to the target's dead-letter queue, with the attributes
   * EventBridge gives it, or, with no queue that takes it, to the dead-letter store.
   */
  private async sendToApiDestination(rule: RuntimeRule, target: ApiDestinationTarget, event: BusEvent): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    const acceptedAt = Date.now();
    let retries = 0;
    let outcome: InvocationOutcome;
    let exhausted = 'MaximumRetryAttempts';
    for (;;) {
      outcome = await this.apiDestinations.invoke(target, event);
      if (outcome.delivered) return;
      this.options.log?.(`delivery of ${event.id} to ${target.arn} failed (attempt ${retries + 1}): ${outcome.errorMessage}`);
      if (!outcome.retryable || retries >= target.maximumRetryAttempts || this.stopped) break;
      const delay = this.retryBaseDelayMs * 2 ** retries;
      if (Date.now() + delay - acceptedAt > target.maximumEventAgeSeconds * 1000) {
        exhausted = 'MaximumEventAgeInSeconds';
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      retries += 1;
    }
    const error = `${outcome.errorCode}: ${outcome.errorMessage}`;
    if (target.deadLetterArn && this.options.sendToQueue) {
      const message: QueuedDeadLetter = {
        body: JSON.stringify(event),
        attributes: {
          RULE_ARN: rule.arn,
          TARGET_ARN: target.arn,
          ERROR_CODE: outcome.errorCode ?? 'UNKNOWN',
          ERROR_MESSAGE: outcome.errorMessage ?? '',
          RETRY_ATTEMPTS: String(retries),
          EXHAUSTED_RETRY_CONDITION: outcome.retryable ? exhausted : 'NonRetryableError',
        },
      };
      try {
        await this.options.sendToQueue(target.deadLetterArn, message);
        return;
      } catch (queueError) {
        this.options.log?.(`dead letter of ${event.id} not taken by ${target.deadLetterArn}: ${(queueError as Error).message}`);
      }
    }
    this.deadLetterStore.push({ rule: rule.name, target: { kind: 'api-destination', name: target.arn }, event, attempts: retries + 1, error, failedAt: new Date().toISOString() });
  }

  private track(work: Promise<void>): void {
    const tracked = work.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** Delivers `deliveries` with at most `concurrency` in flight, each started in turn (tracked as one piece of work, so idle() waits for all). */
  private startInOrder(deliveries: HeldDelivery[], concurrency: number): void {
    if (deliveries.length === 0) return;
    let next = 0;
    const worker = async () => {
      while (next < deliveries.length) {
        const { rule, event } = deliveries[next++]!;
        await this.deliverWithRetries(rule, event);
      }
    };
    this.track(Promise.all(Array.from({ length: Math.min(concurrency, deliveries.length) }, worker)).then(() => undefined));
  }

  private async deliverWithRetries(rule: LocalEventRule, event: BusEvent): Promise<void> {
    // Asynchronous like EventBridge: PutEvents has answered before any target runs.
    await new Promise((resolve) => setImmediate(resolve));
    let lastError = '';
    for (let attempt = 1; attempt <= this.maxAttempts && !this.stopped; attempt += 1) {
      try {
        await this.options.deliver(rule.target, event);
        return;
      } catch (error) {
        lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        this.options.log?.(`delivery of ${event.id} to ${rule.target.kind} ${rule.target.name} failed (attempt ${attempt}): ${lastError}`);
        if (attempt < this.maxAttempts) await new Promise((resolve) => setTimeout(resolve, this.retryBaseDelayMs * 2 ** (attempt - 1)));
      }
    }
    this.deadLetterStore.push({
      rule: rule.name,
      target: rule.target,
      event,
      attempts: this.maxAttempts,
      error: lastError || 'runtime stopped before delivery',
      failedAt: new Date().toISOString(),
    });
  }
}

/** EventBridge's `time`: the entry's Time (epoch seconds or a date) or now, to the second. */
function eventTime(time: unknown): string {
  const instant = time === undefined ? new Date() : new Date(typeof time === 'number' ? time * 1000 : String(time));
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
