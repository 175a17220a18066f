import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

export interface FieldError {
  field: string;
  message: string;
}

/** The one error shape (RFC 9457 problem details), for every error the API answers. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  /** Present for validation errors: one entry per field. */
  errors?: FieldError[];
  /** Present for 500: quote it when reporting the problem; it is in the server log. */
  errorId?: string;
  [extension: string]: unknown;
}

/**
 * Kinds of problem a client can act on by name, without parsing `detail` (RFC 9457 `type`; any other problem
 * is `about:blank`, its status saying all there is). The back office shows each in the staff member's language.
 */
export const ProblemType = {
  /** The record changed since the client read it (its version): reload and try again. */
  staleVersion: 'urn:easycrm:problem:stale-version',
  /** A workflow step not allowed from the record's state (`from`, `to`, `allowed`). */
  illegalTransition: 'urn:easycrm:problem:illegal-transition',
  /** A unique value (`errors` names the fields) is already taken. */
  duplicate: 'urn:easycrm:problem:duplicate',
  /** Other records refer to this one: it cannot be deleted. */
  inUse: 'urn:easycrm:problem:in-use',
} as const;
export type ProblemType = (typeof ProblemType)[keyof typeof ProblemType];

export function problemBody(
  status: number,
  detail: string,
  extra: Record<string, unknown> = {},
  type: ProblemType | 'about:blank' = 'about:blank',
): ProblemBody {
  // extension members come first: they may add to the standard members, never replace them
  return { ...extra, type, title: STATUS_CODES[status] ?? 'Error', status, detail };
}

/**
 * An error a service raises on purpose, with extension members when the client needs more than a sentence
 * (e.g. `{ allowed: [...] }` for an illegal state change).
 */
export class ApiProblem extends HttpException {
  constructor(
    status: HttpStatus,
    detail: string,
    extra: Record<string, unknown> = {},
    type: ProblemType | 'about:blank' = 'about:blank',
  ) {
    super(problemBody(status, detail, extra, type), status);
  }
}

/** Bad input: 400 with one entry per field. */
export class ValidationProblem extends ApiProblem {
  constructor(errors: FieldError[]) {
    super(HttpStatus.BAD_REQUEST, errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  }
}
