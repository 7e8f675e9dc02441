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

/** Throws the 400 for the problems a rule check reported, each naming its field; nothing when there are none. */
export function rejectFieldProblems(problems: readonly FieldProblem[], what: string): void {
  if (problems.length === 0) return;
  throw new InvalidInputError(`${what}: ${problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}`, [...problems]);
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
