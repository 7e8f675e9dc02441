import type { AuditEntry } from '../../../domain/shared/audit-entry.js';

/**
 * The audit trail (docs/security.md, "Audit trail"): one item per entry under the resource it is
 * about (`<TYPE>#<id>` / `AUDIT#<at>#<entryId>`), so a resource's trail is one Query, oldest
 * first. Put with `attribute_not_exists` inside the transaction of the change it records: an
 * entry is written once, with the change or not at all.
 */
export const auditEntryKey = (entry: Pick<AuditEntry, 'resource' | 'at' | 'id'>) => ({
  pk: `${entry.resource.type.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}#${entry.resource.id}`,
  sk: `AUDIT#${entry.at}#${entry.id}`,
});

/** The entry's item, for a store module that writes it under the resource it audits (its own key prefix): the caller writes it with `attribute_not_exists(pk)`. */
export const auditEntryItem = (entry: AuditEntry) => ({ ...auditEntryKey(entry), entityType: 'AuditEntry', version: 1, resource: entry });

export function auditEntryPut(table: string, entry: AuditEntry) {
  return {
    Put: {
      TableName: table,
      Item: auditEntryItem(entry),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
