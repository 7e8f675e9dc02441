import { parseArgs } from 'node:util';
import { roles, type Role } from '../../functions/lib/auth/principal.js';
import { issueToken, loadSigningKey } from './dev-issuer.js';
import { localPaths } from './local-paths.js';

/**
 * `npm run --silent token -- --role <role> [--customer <id>]` prints a bearer token for the
 * local gateway, alone on stdout, so it can be captured with $(...). Every role of the role model
 * (functions/lib/auth/principal.ts): admin, agent, risk, warehouse, customer (with --customer),
 * and the machine clients mediation and provisioning.
 */
const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    customer: { type: 'string' },
    subject: { type: 'string' },
    'expires-in': { type: 'string' },
  },
});

const role = values.role as Role | undefined;
if (!role || !roles.includes(role)) {
  process.stderr.write(`usage: npm run --silent token -- --role ${roles.join('|')} [--customer <customer id>]\n`);
  process.exit(2);
}
try {
  const token = await issueToken(loadSigningKey(localPaths().signingKeyFile), {
    role,
    ...(values.customer ? { customerId: values.customer } : {}),
    ...(values.subject ? { subject: values.subject } : {}),
    ...(values['expires-in'] ? { expiresIn: values['expires-in'] } : {}),
  });
  process.stdout.write(`${token}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
