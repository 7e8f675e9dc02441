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
