import type { CommunicationMessage } from '../../domain/communication/communication-message.js';
import type { ResourceAttributes } from '../lib/http/collection-query.js';

/**
 * The TMF681 communication message list's resource attributes and their kinds, which collection-query.ts parses filters with;
 * checked by the compiler against the resource's interface and by
 * test/unit/functions/list-attributes.test.ts against its TMF specification.
 */
export const communicationMessageAttributes: ResourceAttributes<CommunicationMessage> = {
  id: 'text',
  href: 'text',
  '@type': 'text',
  messageType: 'text',
  state: 'text',
  subject: 'text',
  content: 'text',
  sendTime: 'instant',
  sendTimeComplete: 'instant',
  receiver: 'structure',
  sender: 'structure',
  characteristic: 'structure',
  billingAccount: 'structure',
  bill: 'structure',
  attachment: 'structure',
};
