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

export function problemBody(status: number, detail: string, extra: Record<string, unknown> = {}): ProblemBody {
  // extension members come first: they may add to the standard members, never replace them
  return { ...extra, type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail };
}

/**
 * An error a service raises on purpose, with extension members when the client needs more than a sentence
 * (e.g. `{ allowed: [...] }` for an illegal state change).
 */
export class ApiProblem extends HttpException {
  constructor(status: HttpStatus, detail: string, extra: Record<string, unknown> = {}) {
    super(problemBody(status, detail, extra), status);
  }
}

/** Bad input: 400 with one entry per field. */
export class ValidationProblem extends ApiProblem {
  constructor(errors: FieldError[]) {
    super(HttpStatus.BAD_REQUEST, errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  }
}
