import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { seesAllCustomers } from '../customers/customer-scope.js';

/**
 * Record scope in reports. A report never counts what its reader could not list: customers, follow-ups and
 * payments follow the customer (customer-scope.ts: one's own customers unless customers.read_all), service
 * tickets follow feedback-scope.ts, lessons follow class-scope.ts, and enrollments and study records follow the
 * enrollment list's rule, implemented here: the enrollments of one's own customers, and of the classes one
 * teaches (all with customers.read_all).
 *
 * `enrollmentAlias` is the enrollment in the query, `customerAlias` its customer.
 */
export function scopeEnrollments<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  actor: Actor,
  enrollmentAlias = 'e',
  customerAlias = 'cu',
): SelectQueryBuilder<T> {
  if (seesAllCustomers(actor)) return qb;
  return qb.andWhere(
    new Brackets((visible) =>
      visible
        .where(`${customerAlias}.consultantId = :reportScopeActor`)
        .orWhere(
          `EXISTS (SELECT 1 FROM class_teachers rst WHERE rst.class_id = ${enrollmentAlias}.classId AND rst.staff_id = :reportScopeActor)`,
        ),
    ),
    { reportScopeActor: actor.id },
  );
}
