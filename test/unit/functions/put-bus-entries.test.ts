import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry, type PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { putBusEntries } from '../../../functions/lib/events/put-bus-entries.js';

const eventBridgeMock = mockClient(EventBridgeClient);
afterAll(() => eventBridgeMock.restore());
const client = new EventBridgeClient({ region: 'eu-west-1' });

const entry = (n: number): PutEventsRequestEntry => ({ EventBusName: 'bus', Source: 'bss.test', DetailType: 'Tested', Detail: JSON.stringify({ n }) });
const numberOf = (sent: PutEventsRequestEntry) => (JSON.parse(sent.Detail!) as { n: number }).n;
const sentPerCall = () => eventBridgeMock.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries!.map(numberOf));

/** A bus that answers each entry by its number and how often it has seen it (1 the first time). */
function busAnswering(answer: (n: number, seen: number) => PutEventsResultEntry): void {
  const seen = new Map<number, number>();
  eventBridgeMock.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
    const Entries = input.Entries.map((sent) => {
      const n = numberOf(sent);
      seen.set(n, (seen.get(n) ?? 0) + 1);
      return answer(n, seen.get(n)!);
    });
    return { FailedEntryCount: Entries.filter((result) => result.ErrorCode).length, Entries };
  });
}
const taken: PutEventsResultEntry = { EventId: 'taken' };
const internalFailure: PutEventsResultEntry = { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' };

beforeEach(() => eventBridgeMock.reset());

describe('putBusEntries', () => {
  it('puts ten entries per PutEvents and returns nothing refused when the bus takes them all', async () => {
    busAnswering(() => taken);
    await expect(putBusEntries(client, Array.from({ length: 23 }, (_, n) => entry(n)))).resolves.toEqual([]);
    expect(sentPerCall().map((sent) => sent.length)).toEqual([10, 10, 3]);
  });

  it('puts again only the entries refused for a failure on the bus side, until the bus takes them', async () => {
    busAnswering((n, seen) => ((n === 3 && seen < 3) || (n === 7 && seen < 2) ? internalFailure : n === 5 && seen < 2 ? { ErrorCode: 'ThrottlingException' } : taken));
    await expect(putBusEntries(client, Array.from({ length: 12 }, (_, n) => entry(n)))).resolves.toEqual([]);
    expect(sentPerCall()).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 5, 7], [3], [10, 11]]);
  });

  it('gives up on an entry after three resends and returns it, by its index in the entries given, with the last answer', async () => {
    busAnswering((n) => (n === 12 ? internalFailure : taken));
    await expect(putBusEntries(client, Array.from({ length: 13 }, (_, n) => entry(n)))).resolves.toEqual([{ index: 12, errorCode: 'InternalFailure', errorMessage: 'try again' }]);
    expect(sentPerCall()).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [10, 11, 12], [12], [12], [12]]);
  });

  it('does not put again an entry refused for what it is, and returns the refused in the order given', async () => {
    busAnswering((n, seen) => (n === 4 ? { ErrorCode: 'MalformedDetail', ErrorMessage: 'not JSON' } : n === 1 && seen === 1 ? internalFailure : n === 2 ? internalFailure : taken));
    await expect(putBusEntries(client, Array.from({ length: 5 }, (_, n) => entry(n)))).resolves.toEqual([
      { index: 2, errorCode: 'InternalFailure', errorMessage: 'try again' },
      { index: 4, errorCode: 'MalformedDetail', errorMessage: 'not JSON' },
    ]);
    expect(sentPerCall()).toEqual([[0, 1, 2, 3, 4], [1, 2], [2], [2]]);
  });

  it('throws a call that failed, as the SDK left it', async () => {
    eventBridgeMock.on(PutEventsCommand).rejects(new Error('throttled past the SDK retries'));
    await expect(putBusEntries(client, [entry(0)])).rejects.toThrow('throttled past the SDK retries');
  });
});
