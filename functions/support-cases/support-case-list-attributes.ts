import type { SupportCase } from '../../domain/support-cases/support-case.js';
import type { ResourceAttributes } from '../lib/http/collection-query.js';

/**
 * The TMF621 trouble ticket list's resource attributes and their kinds, which collection-query.ts parses filters with;
 * checked by the compiler against the resource's interface and by
 * test/unit/functions/list-attributes.test.ts against its TMF specification.
 */
export const supportCaseAttributes: ResourceAttributes<SupportCase> = {
  id: 'text',
  href: 'text',
  '@type': 'text',
  name: 'text',
  description: 'text',
  ticketType: 'text',
  severity: 'text',
  priority: 'text',
  status: 'text',
  statusChangeDate: 'instant',
  statusChangeReason: 'text',
  creationDate: 'instant',
  lastUpdate: 'instant',
  requestedResolutionDate: 'instant',
  expectedResolutionDate: 'instant',
  resolutionDate: 'instant',
  channel: 'structure',
  relatedParty: 'structure',
  relatedEntity: 'structure',
  note: 'structure',
  statusChange: 'structure',
};
