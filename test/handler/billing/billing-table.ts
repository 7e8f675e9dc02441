import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type BatchGetCommandInput,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
  type GetCommandInput,
  type PutCommandInput,
  type QueryCommandInput,
  type TransactWriteCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';

/**
 * Billing tests' table: an in-memory single table behind the mocked document client that
 * evaluates the expressions the stores write (conditions, SET/REMOVE/ADD updates, key
 * conditions and filters, Limit, ExclusiveStartKey and ScanIndexForward on the base table and the three GSIs),
 * so a billing round can run against it end to end and leave the state DynamoDB would. A failed
 * condition answers as DynamoDB does: ConditionalCheckFailedException, or a cancelled
 * transaction with one reason per action. Every call stays recorded by the mock, for the tests
 * that check the exact writes.
 */
export type Item = Record<string, unknown>;
type Names = Record<string, string> | undefined;
type Values = Record<string, unknown> | undefined;

const keyOf = (key: Record<string, unknown>) => `${String(key.pk)}|${String(key.sk)}`;
const indexes = { gsi1: ['gsi1pk', 'gsi1sk'], gsi2: ['gsi2pk', 'gsi2sk'], gsi3: ['gsi3pk', 'gsi3sk'] } as const;

export class FakeBillingTable {
  readonly items = new Map<string, Item>();
  /** Called with each transaction before it is checked: a test makes another writer act first. */
  beforeTransaction: ((input: TransactWriteCommandInput) => void) | undefined;
  /** Called before each single UpdateItem is applied: a test throws from it to make DynamoDB refuse that update. */
  beforeUpdate: ((input: UpdateCommandInput) => void) | undefined;

  install(mock: AwsClientStub<DynamoDBDocumentClient>): this {
    mock.on(GetCommand).callsFake((input: GetCommandInput) => ({ Item: this.get(input.Key!) }));
    mock.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => ({
      Responses: Object.fromEntries(Object.entries(input.RequestItems ?? {}).map(([table, request]) => [table, (request.Keys ?? []).flatMap((key) => this.get(key) ?? [])])),
    }));
    mock.on(QueryCommand).callsFake((input: QueryCommandInput) => this.query(input));
    mock.on(PutCommand).callsFake((input: PutCommandInput) => {
      if (!this.holds(input.Item!, input)) {
        // As DynamoDB does when asked: the item that failed the condition comes back with the error (marshalled, as the low-level client leaves it).
        const existing = input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' ? this.get(input.Item!) : undefined;
        throw Object.assign(conditionFailed(), existing ? { Item: marshall(existing, { removeUndefinedValues: true }) } : {});
      }
      this.put(input.Item!);
      return {};
    });
    mock.on(UpdateCommand).callsFake((input: UpdateCommandInput) => {
      this.beforeUpdate?.(input);
      if (!this.holds(input.Key!, input)) throw conditionFailed();
      this.update(input);
      return input.ReturnValues === 'ALL_NEW' ? { Attributes: this.get(input.Key!) } : {};
    });
    mock.on(BatchWriteCommand).callsFake((input: BatchWriteCommandInput) => {
      for (const requests of Object.values(input.RequestItems ?? {})) {
        for (const request of requests) {
          if (request.PutRequest) this.put(request.PutRequest.Item!);
          if (request.DeleteRequest) this.items.delete(keyOf(request.DeleteRequest.Key!));
        }
      }
      return {};
    });
    mock.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => {
      this.beforeTransaction?.(input);
      this.transact(input.TransactItems ?? []);
      return {};
    });
    return this;
  }

  /** Applies one transaction action as DynamoDB would (its condition must hold): how fixtures are written with the stores' own actions. */
  apply(action: Record<string, any>): this {
    this.transact([action]);
    return this;
  }

  put(item: Item): this {
    this.items.set(keyOf(item), structuredClone(item));
    return this;
  }

  get(key: Record<string, unknown>): Item | undefined {
    const item = this.items.get(keyOf(key));
    return item === undefined ? undefined : structuredClone(item);
  }

  /** Items whose pk starts with `prefix`, for assertions. */
  itemsOf(prefix: string): Item[] {
    return [...this.items.values()].filter((item) => String(item.pk).startsWith(prefix)).map((item) => structuredClone(item));
  }

  private holds(target: Record<string, unknown>, input: { ConditionExpression?: string | undefined; ExpressionAttributeNames?: Names; ExpressionAttributeValues?: Values }): boolean {
    if (!input.ConditionExpression) return true;
    const existing = this.items.get(keyOf(target)) ?? {};
    return evaluate(input.ConditionExpression, existing, input.ExpressionAttributeNames, input.ExpressionAttributeValues);
  }

  private update(input: { Key?: Record<string, unknown>; UpdateExpression?: string | undefined; ExpressionAttributeNames?: Names; ExpressionAttributeValues?: Values }): void {
    const item = structuredClone(this.items.get(keyOf(input.Key!)) ?? { ...input.Key });
    applyUpdate(item, input.UpdateExpression ?? '', input.ExpressionAttributeNames, input.ExpressionAttributeValues);
    this.items.set(keyOf(item), item);
  }

  private transact(actions: readonly Record<string, any>[]): void {
    const targets = actions.map((action) => {
      const [kind, body] = Object.entries(action)[0]!;
      return keyOf(kind === 'Put' ? body.Item : body.Key);
    });
    // DynamoDB refuses a transaction that touches one item twice, before looking at any condition.
    if (new Set(targets).size !== targets.length) {
      throw Object.assign(new Error('Transaction request cannot include multiple operations on one item'), { name: 'ValidationException' });
    }
    const reasons = actions.map((action) => {
      const [kind, body] = Object.entries(action)[0]!;
      const target = kind === 'Put' ? body.Item : body.Key;
      return { Code: this.holds(target, body) ? 'None' : 'ConditionalCheckFailed' };
    });
    if (reasons.some((reason) => reason.Code !== 'None')) {
      throw new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: reasons });
    }
    for (const action of actions) {
      if (action.Put) this.put(action.Put.Item);
      else if (action.Update) this.update(action.Update);
      else if (action.Delete) this.items.delete(keyOf(action.Delete.Key));
      else if (!action.ConditionCheck) throw new Error(`the fake table does not know the action ${Object.keys(action)[0]}`);
    }
  }

  private query(input: QueryCommandInput) {
    const [pkName, skName] = input.IndexName ? indexes[input.IndexName as keyof typeof indexes] : ['pk', 'sk'];
    const names = input.ExpressionAttributeNames;
    const values = input.ExpressionAttributeValues;
    const sortKey = (item: Item) => `${String(item[skName])}|${String(item.pk)}|${String(item.sk)}`;
    let matched = [...this.items.values()]
      .filter((item) => item[pkName] !== undefined && item[skName] !== undefined)
      .filter((item) => evaluate(input.KeyConditionExpression!, item, names, values))
      .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    const backwards = input.ScanIndexForward === false;
    if (backwards) matched.reverse();
    if (input.ExclusiveStartKey) {
      // As DynamoDB compares keys: the sort key first, whole (a key that begins another sorts before it), then the table's keys.
      const start = input.ExclusiveStartKey;
      const parts = (item: Item) => [String(item[skName]), String(item.pk), String(item.sk)];
      const compare = (a: Item, b: Item) => {
        const [x, y] = [parts(a), parts(b)];
        const index = x.findIndex((part, at) => part !== y[at]);
        return index === -1 ? 0 : x[index]! < y[index]! ? -1 : 1;
      };
      matched = matched.filter((item) => (backwards ? compare(item, start) < 0 : compare(item, start) > 0));
    }
    const limited = input.Limit !== undefined && matched.length >= input.Limit;
    const evaluated = input.Limit !== undefined ? matched.slice(0, input.Limit) : matched;
    const kept = input.FilterExpression ? evaluated.filter((item) => evaluate(input.FilterExpression!, item, names, values)) : evaluated;
    const last = evaluated[evaluated.length - 1];
    // As DynamoDB does: a page cut by Limit carries its last key, even when nothing follows it.
    const lastKey = limited && last ? { pk: last.pk, sk: last.sk, [pkName]: last[pkName], [skName]: last[skName] } : undefined;
    return {
      ...(input.Select === 'COUNT' ? {} : { Items: kept.map((item) => structuredClone(item)) }),
      Count: kept.length,
      ...(lastKey ? { LastEvaluatedKey: lastKey } : {}),
    };
  }
}

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

// --- A small reader of DynamoDB expressions: the subset the stores write. ---

function tokenize(expression: string): string[] {
  const tokens: string[] = [];
  const pattern = /\s*(<=|>=|<>|[()=<>,+-]|[#:]?[A-Za-z_][\w]*(?:\.[#:]?[A-Za-z_]\w*)*)/gy;
  for (let match = pattern.exec(expression); match; match = pattern.exec(expression)) tokens.push(match[1]!);
  if (tokens.join('').replaceAll(/\s/g, '') !== expression.replaceAll(/\s/g, '')) throw new Error(`the fake table cannot read the expression ${expression}`);
  return tokens;
}

function pathOf(token: string, names: Names): string[] {
  return token.split('.').map((segment) => (segment.startsWith('#') ? (names?.[segment] ?? expectDefined(segment)) : segment));
}

function expectDefined(placeholder: string): never {
  throw new Error(`the expression uses ${placeholder} without defining it`);
}

function read(item: Item, path: readonly string[]): unknown {
  return path.reduce<unknown>((at, segment) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[segment] : undefined), item);
}

function write(item: Item, path: readonly string[], value: unknown): void {
  const parent = path.slice(0, -1).reduce<Record<string, unknown>>((at, segment) => (at[segment] ??= {}) as Record<string, unknown>, item);
  if (value === undefined) delete parent[path[path.length - 1]!];
  else parent[path[path.length - 1]!] = structuredClone(value);
}

function operand(token: string, item: Item, names: Names, values: Values): unknown {
  if (token.startsWith(':')) {
    if (!values || !(token in values)) expectDefined(token);
    return values[token];
  }
  return read(item, pathOf(token, names));
}

function compare(left: unknown, operator: string, right: unknown): boolean {
  if (operator === '=') return left !== undefined && JSON.stringify(left) === JSON.stringify(right);
  if (operator === '<>') return JSON.stringify(left) !== JSON.stringify(right);
  if (left === undefined || right === undefined || typeof left !== typeof right) return false;
  const [a, b] = [left as string | number, right as string | number];
  return operator === '<' ? a < b : operator === '<=' ? a <= b : operator === '>' ? a > b : a >= b;
}

/** Conditions, key conditions and filters: AND, OR, NOT, parentheses, comparisons, BETWEEN, IN and the functions the stores use. */
export function evaluate(expression: string, item: Item, names: Names, values: Values): boolean {
  const tokens = tokenize(expression);
  let at = 0;
  const next = () => tokens[at++]!;
  const peek = () => tokens[at];
  const expect = (token: string) => {
    if (next() !== token) throw new Error(`the fake table expected ${token} in ${expression}`);
  };
  const or = (): boolean => {
    let value = and();
    while (peek() === 'OR') {
      next();
      value = and() || value;
    }
    return value;
  };
  const and = (): boolean => {
    let value = not();
    while (peek() === 'AND') {
      next();
      value = not() && value;
    }
    return value;
  };
  const not = (): boolean => {
    if (peek() === 'NOT') {
      next();
      return !not();
    }
    return primary();
  };
  const primary = (): boolean => {
    const token = next();
    if (token === '(') {
      const value = or();
      expect(')');
      return value;
    }
    if (['attribute_exists', 'attribute_not_exists', 'begins_with', 'contains'].includes(token)) {
      expect('(');
      const path = next();
      const argument = peek() === ',' ? (next(), operand(next(), item, names, values)) : undefined;
      expect(')');
      const value = operand(path, item, names, values);
      if (token === 'attribute_exists') return value !== undefined;
      if (token === 'attribute_not_exists') return value === undefined;
      if (token === 'begins_with') return typeof value === 'string' && value.startsWith(String(argument));
      return Array.isArray(value) ? value.includes(argument) : typeof value === 'string' && value.includes(String(argument));
    }
    const left = operand(token, item, names, values);
    const operator = next();
    if (operator === 'BETWEEN') {
      const low = operand(next(), item, names, values);
      expect('AND');
      const high = operand(next(), item, names, values);
      return compare(left, '>=', low) && compare(left, '<=', high);
    }
    if (operator === 'IN') {
      expect('(');
      const candidates: unknown[] = [];
      do candidates.push(operand(next(), item, names, values));
      while (peek() === ',' && next());
      expect(')');
      return candidates.some((candidate) => compare(left, '=', candidate));
    }
    return compare(left, operator, operand(next(), item, names, values));
  };
  const value = or();
  if (at !== tokens.length) throw new Error(`the fake table did not read all of ${expression}`);
  return value;
}

/** Splits on commas outside parentheses. */
function topLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    if (text[index] === '(') depth += 1;
    if (text[index] === ')') depth -= 1;
    if (text[index] === ',' && depth === 0) {
      parts.push(text.slice(start, index).trim());
      start = index + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((part) => part !== '');
}

/** SET (values, `a + :n`, `if_not_exists(a, :v)`), REMOVE and ADD (numbers). */
export function applyUpdate(item: Item, expression: string, names: Names, values: Values): void {
  const clauses = expression.split(/\b(SET|REMOVE|ADD)\b/).map((part) => part.trim()).filter((part) => part !== '');
  for (let index = 0; index < clauses.length; index += 2) {
    const [keyword, body] = [clauses[index]!, clauses[index + 1]!];
    for (const part of topLevel(body)) {
      if (keyword === 'REMOVE') {
        write(item, pathOf(part, names), undefined);
      } else if (keyword === 'ADD') {
        const [path, value] = part.split(/\s+/);
        const current = read(item, pathOf(path!, names));
        write(item, pathOf(path!, names), ((current as number | undefined) ?? 0) + (operand(value!, item, names, values) as number));
      } else {
        const [path, value] = part.split(/=(.*)/s).map((side) => side.trim());
        write(item, pathOf(path!, names), valueOf(value!, item, names, values));
      }
    }
  }
}

function valueOf(text: string, item: Item, names: Names, values: Values): unknown {
  const ifNotExists = /^if_not_exists\(\s*([^,]+?)\s*,\s*([^)]+?)\s*\)$/.exec(text);
  if (ifNotExists) return operand(ifNotExists[1]!, item, names, values) ?? operand(ifNotExists[2]!, item, names, values);
  const sum = /^(\S+)\s*([+-])\s*(\S+)$/.exec(text);
  if (sum) {
    const [left, right] = [operand(sum[1]!, item, names, values) as number, operand(sum[3]!, item, names, values) as number];
    return sum[2] === '+' ? left + right : left - right;
  }
  return operand(text, item, names, values);
}
