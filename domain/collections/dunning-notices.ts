import type { CustomerNotificationKind } from '../communication/notification-sender.js';

/**
 * The words dunning sends the customer (docs/collections.md, "Dunning"): what is overdue, since
 * when, and what happens next. Plain text, the same for e-mail and SMS.
 */
export interface DunningNotice {
  kind: CustomerNotificationKind;
  subject: string;
  content: string;
}

/**
 * `stillOwed`: the restored service's account still has something overdue (staff restored it, or
 * stopped dunning), with `payBy` the date it was promised to be paid by.
 */
export function dunningNotice(
  kind: 'paymentReminder' | 'finalNotice' | 'serviceSuspended' | 'serviceRestored',
  input: { accountName: string; overdue: string; since: string; writeOffOn?: string; stillOwed?: boolean; payBy?: string },
): DunningNotice {
  const since = input.since.slice(0, 10);
  switch (kind) {
    case 'paymentReminder':
      return { kind, subject: `Payment reminder: ${input.overdue} overdue`, content: `Your account ${input.accountName} has ${input.overdue} overdue since ${since}. Please pay it to keep your service.` };
    case 'finalNotice':
      return {
        kind,
        subject: `Final notice: ${input.overdue} overdue`,
        content: `Your account ${input.accountName} still has ${input.overdue} overdue since ${since}. Unless it is paid${input.writeOffOn ? ` by ${input.writeOffOn.slice(0, 10)}` : ''}, the account will be closed and the debt written off.`,
      };
    case 'serviceSuspended':
      return { kind, subject: 'Your service is suspended', content: `Your account ${input.accountName} has ${input.overdue} overdue since ${since}: its service is suspended until it is paid.` };
    case 'serviceRestored':
      if (input.stillOwed) {
        return {
          kind,
          subject: 'Your service is back',
          content: `The service of your account ${input.accountName} is restored. It still has ${input.overdue} overdue since ${since}${input.payBy ? `: please pay it by ${input.payBy.slice(0, 10)} to keep your service` : ''}.`,
        };
      }
      return { kind, subject: 'Your service is back', content: `Thank you: the overdue amount of your account ${input.accountName} is paid and its service is restored.` };
  }
}
