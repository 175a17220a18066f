import { HttpStatus } from '@nestjs/common';
import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { ApiProblem } from '../common/errors/problem.js';
import { Enrollment } from '../enrollment/entities/enrollment.entity.js';
import { Lesson } from './entities/lesson.entity.js';
import { SchoolClass } from './entities/school-class.entity.js';

/** Whether the actor sees every class (managers, admin), or only the classes they teach (teachers). */
export const seesAllClasses = (actor: Actor) => actor.can('teaching.read_all');

/**
 * Limits a query to the classes the actor may see. `classIdPath` is the class id in the query, as an
 * `alias.property` path (`c.id`, `l.classId`, `e.classId`) that TypeORM turns into the column.
 */
export function scopeToActor<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  actor: Actor,
  classIdPath: string,
): SelectQueryBuilder<T> {
  if (seesAllClasses(actor)) return qb;
  return qb.andWhere(
    `EXISTS (SELECT 1 FROM class_teachers scope_ct WHERE scope_ct.class_id = ${classIdPath} AND scope_ct.staff_id = :scopeTeacherId)`,
    { scopeTeacherId: actor.id },
  );
}

/** A class, lesson or enrollment outside the actor's classes answers 404 like a missing one. */
const missing = (label: string, id: number) => new ApiProblem(HttpStatus.NOT_FOUND, `${label} ${id} does not exist`);

/** The class, if the actor may see it (one query); 404 otherwise. */
export async function findVisibleClass(manager: EntityManager, actor: Actor, id: number): Promise<SchoolClass> {
  const qb = manager.getRepository(SchoolClass).createQueryBuilder('c').where('c.id = :id', { id });
  const found = await scopeToActor(qb, actor, 'c.id').getOne();
  if (!found) throw missing('Class', id);
  return found;
}

/** The lesson, if the actor may see its class (one query); 404 otherwise. */
export async function findVisibleLesson(manager: EntityManager, actor: Actor, id: number): Promise<Lesson> {
  const qb = manager.getRepository(Lesson).createQueryBuilder('l').where('l.id = :id', { id });
  const found = await scopeToActor(qb, actor, 'l.classId').getOne();
  if (!found) throw missing('Lesson', id);
  return found;
}

/** The enrollment (id and class only), if the actor may see its class (one query); 404 otherwise. */
export async function findVisibleEnrollment(manager: EntityManager, actor: Actor, id: number): Promise<Enrollment> {
  const qb = manager
    .getRepository(Enrollment)
    .createQueryBuilder('e')
    .select(['e.id', 'e.classId', 'e.customerId', 'e.status'])
    .where('e.id = :id', { id });
  const found = await scopeToActor(qb, actor, 'e.classId').getOne();
  if (!found) throw missing('Enrollment', id);
  return found;
}
