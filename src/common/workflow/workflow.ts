import { HttpStatus } from '@nestjs/common';
import type { CodeTable } from '../codes/code-table.js';
import { ApiProblem, ProblemType } from '../errors/problem.js';

/**
 * A state machine over a code table: which states may follow which. An illegal change is a 409 that
 * names the allowed ones, e.g. `{ from: 'pending', to: 'approved', allowed: ['agreed', 'cancelled'] }`.
 */
export class Workflow {
  constructor(
    private readonly states: CodeTable,
    private readonly transitions: Readonly<Record<number, readonly number[]>>,
  ) {}

  allowedFrom(from: number): readonly number[] {
    return this.transitions[from] ?? [];
  }

  canMove(from: number, to: number): boolean {
    return this.allowedFrom(from).includes(to);
  }

  assertMove(from: number, to: number): void {
    if (this.canMove(from, to)) return;
    const key = (code: number) => this.states.items.find((item) => item.code === code)?.key ?? String(code);
    const allowed = this.allowedFrom(from).map(key);
    throw new ApiProblem(
      HttpStatus.CONFLICT,
      `Cannot go from ${key(from)} to ${key(to)}; allowed from ${key(from)}: ${allowed.join(', ') || 'none'}`,
      { from: key(from), to: key(to), allowed },
      ProblemType.illegalTransition,
    );
  }
}
