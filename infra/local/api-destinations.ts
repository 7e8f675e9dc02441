import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { AwsServiceError } from './aws-json-protocol.js';
import { assertValidEventPattern } from './event-pattern.js';

/**
 * EventBridge's connections, API destinations, and the rules created at run time that send to
 * them, for the local bus (infra/local/eventbridge-service.ts): what the hub's create and delete
 * functions make per subscription (docs/events.md, "Hub subscriptions"), kept here as EventBridge
 * keeps them, so the functions run the same calls locally as on AWS. Only API key connections
 * and API destination targets are taken: the rules and targets the rest of the system needs are
 * the topology's. With a state file the resources outlive a restart, as the table's
 * subscriptions do.
 */
export interface LocalConnection {
  name: string;
  arn: string;
  apiKey: { name: string; value: string };
}

export interface LocalApiDestination {
  name: string;
  arn: string;
  connectionArn: string;
  endpoint: string;
  method: string;
}

export interface ApiDestinationTarget {
  id: string;
  /** The API destination's ARN. */
  arn: string;
  /** `$` or a dotted path into the event (`$.detail.event`): what is sent as the body. */
  inputPath: string;
  /** Header name → a dotted path into the event, or a fixed value. */
  headerParameters: Record<string, string>;
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
  deadLetterArn?: string;
}

export interface RuntimeRule {
  /** The bus it is on, by name. */
  bus: string;
  name: string;
  arn: string;
  pattern: Record<string, unknown>;
  targets: ApiDestinationTarget[];
}

interface SavedState {
  connections: LocalConnection[];
  destinations: LocalApiDestination[];
  rules: RuntimeRule[];
}

/** One HTTP attempt's outcome, classed as EventBridge classes an API destination's answer. */
export interface InvocationOutcome {
  delivered: boolean;
  /** 401, 407, 409, 429, 5xx and network failures are tried again; any other answer is final. */
  retryable: boolean;
  errorCode?: string;
  errorMessage?: string;
}

/** EventBridge's timeout for one API destination request. */
const invocationTimeoutMs = 5_000;
const retryableStatuses = new Set([401, 407, 409, 429]);

const text = (body: Record<string, unknown>, field: string): string => {
  const value = body[field];
  if (typeof value !== 'string' || value.length === 0) throw new AwsServiceError('ValidationException', `${field} is required`);
  return value;
};

/** The value at a dotted JSON path (`$.detail.signature`), as EventBridge's InputPath and dynamic parameters select it. */
export function valueAtPath(event: unknown, path: string): unknown {
  if (path === '$') return event;
  return path
    .slice(2)
    .split('.')
    .reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), event);
}

const isPath = (value: string): boolean => /^\$(\.[A-Za-z0-9_-]+)*$/.test(value);

export class LocalApiDestinations {
  private readonly connections = new Map<string, LocalConnection>();
  private readonly destinations = new Map<string, LocalApiDestination>();
  /** By `<bus>/<name>`: rules are named per bus. */
  private readonly rules = new Map<string, RuntimeRule>();

  /**
   * @param buses the buses rules may be made on, by name; the first is the local runtime's domain
   *   bus, whose topology rules no rule made here may replace.
   */
  constructor(
    private readonly arnPrefix: string,
    private readonly buses: readonly string[],
    private readonly stateFile?: string,
  ) {
    if (stateFile && existsSync(stateFile)) {
      const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as SavedState;
      for (const connection of saved.connections) this.connections.set(connection.name, connection);
      for (const destination of saved.destinations) this.destinations.set(destination.name, destination);
      for (const rule of saved.rules) this.rules.set(`${rule.bus}/${rule.name}`, rule);
    }
  }

  /** The rules created at run time on a bus, for it to match. */
  runtimeRules(bus: string): RuntimeRule[] {
    return [...this.rules.values()].filter((rule) => rule.bus === bus);
  }

  /** The bus an EventBusName (a name or an ARN; none: `default`, as on AWS) names, if this service has it. */
  busNamed(given: unknown): string | undefined {
    const name = given === undefined ? 'default' : String(given);
    return this.buses.find((bus) => name === bus || name === `${this.arnPrefix}:event-bus/${bus}`);
  }

  /** The names of what exists, for diagnostics and tests. */
  names(): { connections: string[]; apiDestinations: string[]; rules: string[] } {
    return { connections: [...this.connections.keys()], apiDestinations: [...this.destinations.keys()], rules: [...this.rules.values()].map((rule) => rule.name) };
  }

  /** Answers one of the operations this module implements, or undefined when `operation` is not one. */
  handle(operation: string, body: Record<string, unknown>, topologyRuleNames: ReadonlySet<string>): unknown {
    switch (operation) {
      case 'CreateConnection':
        return this.changed(this.createConnection(body));
      case 'DeleteConnection':
        return this.changed(this.deleteConnection(body));
      case 'CreateApiDestination':
        return this.changed(this.createApiDestination(body));
      case 'DeleteApiDestination':
        return this.changed(this.deleteApiDestination(body));
      case 'PutRule':
        return this.changed(this.putRule(body, topologyRuleNames));
      case 'PutTargets':
        return this.changed(this.putTargets(body));
      case 'RemoveTargets':
        return this.changed(this.removeTargets(body));
      case 'DeleteRule':
        return this.changed(this.deleteRule(body, topologyRuleNames));
      default:
        return undefined;
    }
  }

  /** One POST of the event, as the target selects it, to its API destination. */
  async invoke(target: ApiDestinationTarget, event: unknown): Promise<InvocationOutcome> {
    const destination = [...this.destinations.values()].find((candidate) => candidate.arn === target.arn);
    const connection = destination && [...this.connections.values()].find((candidate) => candidate.arn === destination.connectionArn);
    if (!destination || !connection) return { delivered: false, retryable: false, errorCode: 'RESOURCE_NOT_FOUND', errorMessage: `the API destination ${target.arn} or its connection no longer exists` };
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Amazon/EventBridge/ApiDestinations' };
    for (const [name, value] of Object.entries(target.headerParameters)) {
      const selected = isPath(value) ? valueAtPath(event, value) : value;
      if (selected !== undefined) headers[name] = typeof selected === 'string' ? selected : JSON.stringify(selected);
    }
    // The connection's values take precedence over the target's, as on AWS.
    headers[connection.apiKey.name] = connection.apiKey.value;
    try {
      const answer = await fetch(destination.endpoint, {
        method: destination.method,
        headers,
        body: JSON.stringify(valueAtPath(event, target.inputPath)),
        redirect: 'manual',
        signal: AbortSignal.timeout(invocationTimeoutMs),
      });
      await answer.body?.cancel();
      if (answer.status >= 200 && answer.status < 300) return { delivered: true, retryable: false };
      return { delivered: false, retryable: answer.status >= 500 || retryableStatuses.has(answer.status), errorCode: `HTTP_${answer.status}`, errorMessage: `the endpoint answered ${answer.status}` };
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      return {
        delivered: false,
        retryable: true,
        errorCode: timedOut ? 'TIMEOUT' : 'CONNECTION_FAILURE',
        errorMessage: timedOut ? `no answer within ${invocationTimeoutMs} ms` : String((error as Error).cause ?? (error as Error).message),
      };
    }
  }

  private changed<T>(answer: T): T {
    if (this.stateFile) {
      const state: SavedState = { connections: [...this.connections.values()], destinations: [...this.destinations.values()], rules: [...this.rules.values()] };
      // Written aside and renamed, so a crash mid-write leaves the previous state.
      writeFileSync(`${this.stateFile}.tmp`, JSON.stringify(state, null, 2));
      renameSync(`${this.stateFile}.tmp`, this.stateFile);
    }
    return answer;
  }

  private createConnection(body: Record<string, unknown>) {
    const name = text(body, 'Name');
    if (this.connections.has(name)) throw new AwsServiceError('ResourceAlreadyExistsException', `Connection ${name} already exists.`);
    const apiKey = (body.AuthParameters as { ApiKeyAuthParameters?: { ApiKeyName?: unknown; ApiKeyValue?: unknown } } | undefined)?.ApiKeyAuthParameters;
    if (body.AuthorizationType !== 'API_KEY' || typeof apiKey?.ApiKeyName !== 'string' || typeof apiKey.ApiKeyValue !== 'string') {
      throw new AwsServiceError('ValidationException', 'the local EventBridge takes API_KEY connections, with ApiKeyAuthParameters');
    }
    const connection = { name, arn: `${this.arnPrefix}:connection/${name}`, apiKey: { name: apiKey.ApiKeyName, value: apiKey.ApiKeyValue } };
    this.connections.set(name, connection);
    return { ConnectionArn: connection.arn, ConnectionState: 'AUTHORIZED' };
  }

  private deleteConnection(body: Record<string, unknown>) {
    const name = text(body, 'Name');
    const connection = this.connections.get(name);
    if (!connection) throw new AwsServiceError('ResourceNotFoundException', `Connection ${name} does not exist.`);
    this.connections.delete(name);
    return { ConnectionArn: connection.arn, ConnectionState: 'DELETING' };
  }

  private createApiDestination(body: Record<string, unknown>) {
    const name = text(body, 'Name');
    if (this.destinations.has(name)) throw new AwsServiceError('ResourceAlreadyExistsException', `ApiDestination ${name} already exists.`);
    const connectionArn = text(body, 'ConnectionArn');
    if (![...this.connections.values()].some((connection) => connection.arn === connectionArn)) throw new AwsServiceError('ResourceNotFoundException', `Connection ${connectionArn} does not exist.`);
    const endpoint = text(body, 'InvocationEndpoint');
    if (!URL.canParse(endpoint)) throw new AwsServiceError('ValidationException', `InvocationEndpoint ${endpoint} is not a URL`);
    const destination = { name, arn: `${this.arnPrefix}:api-destination/${name}`, connectionArn, endpoint, method: text(body, 'HttpMethod') };
    this.destinations.set(name, destination);
    return { ApiDestinationArn: destination.arn, ApiDestinationState: 'ACTIVE' };
  }

  private deleteApiDestination(body: Record<string, unknown>) {
    const name = text(body, 'Name');
    if (!this.destinations.delete(name)) throw new AwsServiceError('ResourceNotFoundException', `ApiDestination ${name} does not exist.`);
    return {};
  }

  private busOf(body: Record<string, unknown>): string {
    const bus = this.busNamed(body.EventBusName);
    if (!bus) throw new AwsServiceError('ResourceNotFoundException', `Event bus ${String(body.EventBusName)} does not exist.`);
    return bus;
  }

  /** A rule made at run time may not take the name of a topology rule (on the first bus). */
  private assertNotTopology(bus: string, name: string, topologyRuleNames: ReadonlySet<string>): void {
    if (bus === this.buses[0] && topologyRuleNames.has(name)) throw new AwsServiceError('ValidationException', `Rule ${name} is the topology's; rules made at run time take other names`);
  }

  private putRule(body: Record<string, unknown>, topologyRuleNames: ReadonlySet<string>) {
    const bus = this.busOf(body);
    const name = text(body, 'Name');
    this.assertNotTopology(bus, name, topologyRuleNames);
    let pattern: Record<string, unknown>;
    try {
      pattern = JSON.parse(text(body, 'EventPattern')) as Record<string, unknown>;
    } catch {
      throw new AwsServiceError('InvalidEventPatternException', 'EventPattern is not JSON');
    }
    assertValidEventPattern(pattern);
    const rule = { bus, name, arn: `${this.arnPrefix}:rule/${bus}/${name}`, pattern, targets: this.rules.get(`${bus}/${name}`)?.targets ?? [] };
    this.rules.set(`${bus}/${name}`, rule);
    return { RuleArn: rule.arn };
  }

  private ruleNamed(body: Record<string, unknown>, name: string): RuntimeRule {
    const bus = this.busOf(body);
    const rule = this.rules.get(`${bus}/${name}`);
    if (!rule) throw new AwsServiceError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${bus}.`);
    return rule;
  }

  private putTargets(body: Record<string, unknown>) {
    const rule = this.ruleNamed(body, text(body, 'Rule'));
    const targets = (Array.isArray(body.Targets) ? body.Targets : []) as Record<string, unknown>[];
    if (targets.length === 0) throw new AwsServiceError('ValidationException', 'Targets must hold at least one target');
    for (const target of targets) {
      const arn = text(target, 'Arn');
      if (!arn.startsWith(`${this.arnPrefix}:api-destination/`)) throw new AwsServiceError('ValidationException', `the local EventBridge sends rules made at run time to API destinations only, not ${arn}`);
      const inputPath = target.InputPath === undefined ? '$' : String(target.InputPath);
      const headerParameters = ((target.HttpParameters as { HeaderParameters?: Record<string, string> } | undefined)?.HeaderParameters ?? {}) as Record<string, string>;
      if (!isPath(inputPath)) throw new AwsServiceError('ValidationException', `InputPath ${inputPath}: the local EventBridge takes $ or a dotted path`);
      const retry = (target.RetryPolicy ?? {}) as { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
      const deadLetterArn = (target.DeadLetterConfig as { Arn?: string } | undefined)?.Arn;
      const accepted: ApiDestinationTarget = {
        id: text(target, 'Id'),
        arn,
        inputPath,
        headerParameters,
        maximumRetryAttempts: retry.MaximumRetryAttempts ?? 185,
        maximumEventAgeSeconds: retry.MaximumEventAgeInSeconds ?? 86_400,
        ...(deadLetterArn ? { deadLetterArn } : {}),
      };
      rule.targets = [...rule.targets.filter((existing) => existing.id !== accepted.id), accepted];
    }
    return { FailedEntryCount: 0, FailedEntries: [] };
  }

  private removeTargets(body: Record<string, unknown>) {
    const rule = this.ruleNamed(body, text(body, 'Rule'));
    const ids = new Set((Array.isArray(body.Ids) ? body.Ids : []).map(String));
    rule.targets = rule.targets.filter((target) => !ids.has(target.id));
    return { FailedEntryCount: 0, FailedEntries: [] };
  }

  private deleteRule(body: Record<string, unknown>, topologyRuleNames: ReadonlySet<string>) {
    const name = text(body, 'Name');
    this.assertNotTopology(this.busOf(body), name, topologyRuleNames);
    const rule = this.ruleNamed(body, name);
    if (rule.targets.length > 0) throw new AwsServiceError('ValidationException', 'Rule can\'t be deleted since it has targets.');
    this.rules.delete(`${rule.bus}/${name}`);
    return {};
  }
}
