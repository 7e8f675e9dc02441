/**
 * An entry of the audit trail (docs/security.md, "Audit trail"): who did what to which
 * resource, when, with what before and after. Written in the same transaction as the change it
 * records and never changed, so the trail holds exactly the changes that happened.
 */
export interface AuditEntry {
  id: string;
  at: string;
  /** What the entry is about. */
  resource: { type: string; id: string };
  action: string;
  /** Who made the change: the token's subject and the role it acted in. */
  actor: { subject: string; role: string };
  /** Why, when the change is made with a stated reason (a dunning paused, stopped, a service restored). */
  reason?: string;
  correlationId: string;
  before: unknown;
  after: unknown;
}
