import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../../infra/lambda-bundling.js';
import { filesUnder } from '../../support/files-under.js';

/**
 * Customers' communication preferences hold only if every message to a customer goes through
 * notifyCustomer (functions/lib/communication/notify-customer.ts), which reads them and picks the
 * channel. The port is called directly in two other places: the e-mail change's messages, which
 * go to a mailbox being verified and name no customer, and staff's message to a customer (POST
 * communicationMessage), which picks its channel with notifyCustomer's own routeOf, from the
 * customer's preferences, before recording the message it sends (docs/communication.md).
 */
const allowed = ['functions/lib/communication/notify-customer.ts', 'functions/customers/request-email-change.ts', 'functions/communication/create-communication-message.ts'];

describe('the way messages reach customers', () => {
  it('only notifyCustomer, and the e-mail change for its mailbox, hand messages to the notification port', () => {
    const callers = filesUnder(join(repositoryRoot, 'functions'))
      .filter((path) => path.endsWith('.ts'))
      .filter((path) => /\b\w*(Sender|sender|notifications)\.send\(/.test(readFileSync(path, 'utf8')))
      .map((path) => relative(repositoryRoot, path));
    expect(callers.sort()).toEqual([...allowed].sort());
  });
});
