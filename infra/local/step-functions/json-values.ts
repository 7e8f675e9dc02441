import type { StateMachine } from 'aws-local-stepfunctions';

/** A JSON value as the interpreter passes it between states and to Task handlers. */
export type JsonValue = Parameters<StateMachine['run']>[0];

export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A Cause as the text Step Functions reports. */
export function stringifyCause(cause: unknown): string {
  if (typeof cause === 'string') return cause;
  if (cause instanceof Error) return cause.message;
  try {
    return JSON.stringify(cause) ?? String(cause);
  } catch {
    return String(cause);
  }
}
