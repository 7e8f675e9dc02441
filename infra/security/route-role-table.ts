import { roles, type Role } from '../../functions/lib/auth/principal.js';
import { callersOf } from '../../functions/lib/auth/route-access.js';
import type { RouteDefinition } from '../topology/shared.js';
import { builtSchema } from '../../domain/shared/zod.js';

/**
 * The route × role table of docs/security.md, printed from the topology's routes and the role
 * model (functions/lib/auth/route-access.ts), so the document cannot say other than what
 * `apiHandler` enforces. test/infra/route-access.test.ts fails when the document's copy drifts.
 */
export const tableStart = '<!-- route-role-table:start (npm run security:roles) -->';
export const tableEnd = '<!-- route-role-table:end -->';

/**
 * One cell: whether the gate lets the role call the route (✓) or answers 403 (—), and, for a
 * body, which attributes the role may write when not all. Whose resources a caller sees is the
 * handler's (ownership), below the table.
 */
function cell(route: RouteDefinition, role: Role): string {
  if (!route.authorized) return 'public';
  if (!callersOf(`${route.method} ${route.path}`).includes(role)) return '—';
  const writable = route.writeAccess?.[role] ?? {};
  if (!route.writeAccess || writable === 'everything') return '✓';
  const allowed = Object.keys(writable);
  const refused = Object.keys((builtSchema(route.requestBody!) as unknown as { shape?: object }).shape ?? {}).filter((attribute) => !allowed.includes(attribute));
  if (refused.length === 0) return '✓';
  if (allowed.length === 0) return '✓ nothing';
  if (refused.length <= allowed.length) return `✓ not ${refused.join(', ')}`;
  return `✓ only ${allowed.join(', ')}`;
}

export function routeRoleTable(routes: readonly RouteDefinition[]): string {
  const header = `| Route | ${roles.join(' | ')} |`;
  const rule = `|---|${roles.map(() => '---').join('|')}|`;
  const rows = routes.map((route) => `| \`${route.method} ${route.path}\` | ${roles.map((role) => cell(route, role)).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}
