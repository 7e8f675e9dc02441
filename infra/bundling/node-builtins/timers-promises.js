// Stands in for `node:timers/promises` in Lambda bundles (infra/lambda-bundling.ts): the
// functions wait only when they retry a lost race, so the builtin is taken then rather than
// loaded at every cold start. One importing another name fails to build until it is added here.
export const setTimeout = (...wait) => process.getBuiltinModule('node:timers/promises').setTimeout(...wait);
