/**
 * What a production stage may not be deployed with (docs/security.md, "Production stages"):
 * the simulated providers (they approve any card, invent credit scores, provision nothing, tax
 * from a table and send no e-mail or SMS), and an API without its WAF. Every adapter shipped
 * today is simulated (docs/providers.md), so a production stage is refused until real adapters
 * are wired in: the list below shrinks as each one is.
 */
export const simulatedProviders: readonly string[] = [
  'payment gateway (functions/lib/providers/simulated-payment-gateway.ts)',
  'credit bureau (functions/lib/providers/simulated-credit-bureau.ts)',
  'provisioning system (functions/lib/providers/simulated-provisioning-system.ts and its state machine)',
  'tax engine (functions/lib/providers/simulated-tax-provider.ts)',
  'notification sender (functions/lib/providers/simulated-notification-sender.ts)',
];

/** Stages that are production by name; any other becomes one with `-c production=true`. */
const productionStageNames = new Set(['prod', 'production']);

export function isProductionStage(stage: string, productionContext: string | undefined): boolean {
  return productionContext === 'true' || productionStageNames.has(stage);
}

/** Throws, naming every reason, when a production stage would be deployed unsafely. */
export function checkProductionStage(settings: { stage: string; enableWaf: boolean; simulatedProviders: readonly string[]; sellerConfigured?: boolean }): void {
  const reasons = [
    ...settings.simulatedProviders.map((provider) => `the simulated ${provider} is wired in`),
    ...(settings.enableWaf ? [] : ['waf=false turns the WAF off']),
    ...(settings.sellerConfigured === false ? ['no seller is configured (-c seller=...): bills would name the demo seller'] : []),
  ];
  if (reasons.length > 0) {
    throw new Error(`stage "${settings.stage}" is a production stage and cannot be synthesized: ${reasons.join('; ')}. Use a dev or test stage for the simulators.`);
  }
}
