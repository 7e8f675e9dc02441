import { routes } from '../topology.js';
import { routeRoleTable } from './route-role-table.js';

/** `npm run --silent security:roles` prints the route × role table of docs/security.md. */
process.stdout.write(`${routeRoleTable(routes)}\n`);
