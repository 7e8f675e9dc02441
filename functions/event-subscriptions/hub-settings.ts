import type { CallbackPolicy } from '../../domain/event-subscriptions/callback-policy.js';

/**
 * A setting the deployment gives the hub's functions (infra/aws/hub-callbacks.ts on AWS, the
 * local runtime locally): read when used, and an error naming it when it is missing, rather than
 * a call that silently goes to the account's default bus.
 */
export function hubSetting(name: 'BSS_HUB_EVENT_BUS_NAME' | 'BSS_HUB_RESOURCE_PREFIX' | 'BSS_HUB_INVOKE_ROLE_ARN' | 'BSS_HUB_DEAD_LETTER_QUEUE_ARN'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the deployment gives it to the hub functions`);
  return value;
}

/**
 * Which callbacks the hub accepts and calls: private and loopback addresses only where
 * `BSS_HUB_ALLOW_LOCAL_CALLBACKS` is `true`, which only the local runtime sets (docs/security.md).
 * Here rather than beside the HTTP client that replays deliveries (callback-delivery.ts), so that
 * registering a subscription does not load that client.
 */
export const callbackPolicy: CallbackPolicy = { allowLocal: process.env.BSS_HUB_ALLOW_LOCAL_CALLBACKS === 'true' };
