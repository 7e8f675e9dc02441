/**
 * Errors the domain raises when a command breaks a business rule. The HTTP edge maps each
 * kind to a TMF error body; the domain itself knows nothing of HTTP.
 */
export interface FieldProblem {
  field: string;
  problem: string;
}

/** The input is malformed or incomplete (the edge answers 400 with the offending fields). */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
  constructor(
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
  }
}

/** The command is well formed but the entity's state forbids it (409). */
export class RuleViolationError extends Error {
  override readonly name = 'RuleViolationError';
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}
