import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { normalizePhoneNumber } from '../../../domain/usage/usage.js';
import { batchGetItems } from './batch-items.js';
import { documentClient, tableName } from './dynamo-client.js';

/**
 * Which product had a phone number when (usage guiding by `phoneNumber`): one item per number,
 * PHONE_NUMBER#<+digits>/PHONE_NUMBER, holding every product it was assigned to with the
 * interval of the assignment. A number is reused after a termination, so a record is guided
 * by the assignment its usage date falls in. One item per number keeps a batch's lookups to
 * BatchGetItem calls.
 */
export interface PhoneNumberAssignment {
  productId: string;
  from: string;
  to?: string;
}

export const phoneNumberKey = (phoneNumber: string) => ({ pk: `PHONE_NUMBER#${normalizePhoneNumber(phoneNumber)}`, sk: 'PHONE_NUMBER' });

/** The transaction action that records an activated product's number. */
export function phoneNumberAssignment(phoneNumber: string, productId: string, from: string) {
  return {
    Update: {
      TableName: tableName(),
      Key: phoneNumberKey(phoneNumber),
      UpdateExpression: 'SET #entityType = :type, #assignments = list_append(if_not_exists(#assignments, :none), :assignment)',
      ExpressionAttributeNames: { '#entityType': 'entityType', '#assignments': 'assignments' },
      ExpressionAttributeValues: { ':type': 'PhoneNumber', ':none': [], ':assignment': [{ productId, from }] },
    },
  };
}

/** Ends a terminated product's assignment of its number (it may be given to another product later). */
export async function endPhoneNumberAssignment(phoneNumber: string, productId: string, to: string): Promise<void> {
  const [item] = await batchGetItems([phoneNumberKey(phoneNumber)], { consistentRead: true, what: 'phone number' });
  const assignments = (item?.assignments as PhoneNumberAssignment[] | undefined) ?? [];
  const index = assignments.findIndex((assignment) => assignment.productId === productId && assignment.to === undefined);
  if (index < 0) return;
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: phoneNumberKey(phoneNumber),
      UpdateExpression: `SET #assignments[${index}].#to = :to`,
      ConditionExpression: `#assignments[${index}].#product = :product`,
      ExpressionAttributeNames: { '#assignments': 'assignments', '#to': 'to', '#product': 'productId' },
      ExpressionAttributeValues: { ':to': to, ':product': productId },
    }),
  );
}

/** The key productsByPhoneNumber answers each lookup under: the normalized number and the instant. */
export function phoneNumberLookupKey(phoneNumber: string, at: string): string {
  return `${normalizePhoneNumber(phoneNumber)}|${at}`;
}

/** The product each number was assigned to at each instant asked for (numbers of a usage batch), by phoneNumberLookupKey. */
export async function productsByPhoneNumber(lookups: readonly { phoneNumber: string; at: string }[]): Promise<Map<string, string | undefined>> {
  const numbers = [...new Set(lookups.map((lookup) => normalizePhoneNumber(lookup.phoneNumber)))];
  const items = await batchGetItems(numbers.map(phoneNumberKey), { what: 'phone number' });
  const byNumber = new Map(items.map((item) => [(item.pk as string).slice('PHONE_NUMBER#'.length), (item.assignments as PhoneNumberAssignment[] | undefined) ?? []]));
  const found = new Map<string, string | undefined>();
  for (const { phoneNumber, at } of lookups) {
    const number = normalizePhoneNumber(phoneNumber);
    const assignment = (byNumber.get(number) ?? []).find((candidate) => candidate.from <= at && (candidate.to === undefined || at < candidate.to));
    found.set(phoneNumberLookupKey(number, at), assignment?.productId);
  }
  return found;
}
