import { InvalidInputError, type FieldProblem } from '../../domain/shared/domain-errors.js';

/** The problems of the InvalidInputError (a 400) that `action` throws; any other outcome fails the test. */
export function inputProblemsOf(action: () => unknown): FieldProblem[] {
  try {
    action();
  } catch (error) {
    if (error instanceof InvalidInputError) return error.problems;
    throw error;
  }
  throw new Error('expected an InvalidInputError');
}
