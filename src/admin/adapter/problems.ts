import { HttpException, HttpStatus } from '@nestjs/common';
import { AppError, ForbiddenError, NotFoundError, ValidationError, type PropertyErrors } from 'adminjs';
import type { DataSource } from 'typeorm';
import { databaseProblem } from '../../common/errors/database-errors.js';
import { problemBody, ProblemType, type FieldError, type ProblemBody } from '../../common/errors/problem.js';

/** The notice for a problem of a known type: a message key (locale/labels.ts), so it shows in Chinese too. */
const NOTICE_OF_TYPE: Record<string, string> = {
  [ProblemType.staleVersion]: 'problemStaleVersion',
  [ProblemType.illegalTransition]: 'problemIllegalTransition',
  [ProblemType.duplicate]: 'problemDuplicate',
  [ProblemType.inUse]: 'problemInUse',
};

/** The problem a service raised (the same mapping the API's error filter applies), or undefined for a bug. */
export function problemOf(error: unknown, dataSource: DataSource): ProblemBody | undefined {
  if (error instanceof HttpException) {
    const response = error.getResponse();
    if (typeof response === 'object' && response && 'detail' in response) return response as ProblemBody;
    return problemBody(error.getStatus(), error.message);
  }
  return databaseProblem(error, dataSource);
}

/** One message per field, as AdminJS shows them under the form fields. */
export function propertyErrors(errors: FieldError[] = []): PropertyErrors {
  const byField: PropertyErrors = {};
  for (const { field, message } of errors) {
    const known = byField[field];
    byField[field] = { type: 'validation', message: known ? `${known.message}; ${message}` : message };
  }
  return byField;
}

/**
 * A service's problem as the AdminJS error that shows it: bad input and conflicts (400, 409, 422) as a
 * ValidationError with per-field messages and the detail as the notice (a known problem type as a translated
 * message instead); 404 and 403 as AdminJS's own errors
 * (a notice, "not found" / "forbidden"); anything else the service answered as a notice. Bugs pass unchanged.
 */
export function toAdminError(error: unknown, dataSource: DataSource): unknown {
  const problem = problemOf(error, dataSource);
  if (!problem) return error;
  const { status } = problem;
  const detail = NOTICE_OF_TYPE[problem.type] ?? problem.detail;
  if (status === HttpStatus.NOT_FOUND) return new NotFoundError(detail, 'ServiceResource');
  if (status === HttpStatus.FORBIDDEN) return new ForbiddenError(detail);
  if ([HttpStatus.BAD_REQUEST, HttpStatus.CONFLICT, HttpStatus.UNPROCESSABLE_ENTITY].includes(status)) {
    return new ValidationError(propertyErrors(problem.errors), { message: detail, type: String(status) });
  }
  return new AppError(detail);
}
