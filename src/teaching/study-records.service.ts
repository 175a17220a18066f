import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { loadForUpdate } from '../common/entities/load-for-update.js';
import { ApiProblem, ProblemType, ValidationProblem, type FieldError } from '../common/errors/problem.js';
import type { ListQuery } from '../common/list/list-query.js';
import { applyListSearch, paginate, type Page } from '../common/list/paginate.js';
import { findVisibleEnrollment, findVisibleLesson } from './class-scope.js';
import type {
  RecordStudyDto,
  StudyHistoryEntryDto,
  StudyRecordDto,
  StudyRecordListQuery,
} from './dto/study-record.dto.js';
import { Lesson } from './entities/lesson.entity.js';
import { StudyRecord } from './entities/study-record.entity.js';

function base(r: StudyRecord) {
  const { id, lessonId, enrollmentId, attendance, score, memo, version, updatedAt } = r;
  return { id, lessonId, enrollmentId, attendance, score, memo, version, updatedAt };
}

export function toStudyRecordDto(r: StudyRecord): StudyRecordDto {
  const { enrollment } = r;
  const student = {
    enrollmentId: enrollment.id,
    enrollmentNumber: enrollment.number,
    customerId: enrollment.customer.id,
    name: enrollment.customer.name ?? enrollment.customer.qqName ?? null,
  };
  return { ...base(r), student };
}

export function toStudyHistoryEntryDto(r: StudyRecord): StudyHistoryEntryDto {
  const { id, classId, dayNum, date, hasHomework, homeworkTitle } = r.lesson;
  return { ...base(r), lesson: { id, classId, dayNum, date, hasHomework, homeworkTitle } };
}

const SHEET = {
  sortable: { enrollmentId: 'sr.enrollmentId', name: 'cu.name' },
  defaultSort: 'enrollmentId',
  search: ['cu.name'],
};
const HISTORY = { sortable: { date: 'l.date', dayNum: 'l.dayNum' }, defaultSort: 'date' };

/** Study records (the seed's StudyRecord): a lesson's sheet, recording it, and a student's history. */
@Injectable()
export class StudyRecordsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async listForLesson(lessonId: number, query: StudyRecordListQuery, actor: Actor): Promise<Page<StudyRecordDto>> {
    const qb = await this.filteredForLesson(lessonId, query, actor);
    const page = await paginate(qb, { ...query, q: undefined }, SHEET);
    return { data: page.data.map(toStudyRecordDto), meta: page.meta };
  }

  async history(enrollmentId: number, query: ListQuery, actor: Actor): Promise<Page<StudyHistoryEntryDto>> {
    const qb = await this.filteredHistory(enrollmentId, query, actor);
    const page = await paginate(qb, { ...query, q: undefined }, HISTORY);
    return { data: page.data.map(toStudyHistoryEntryDto), meta: page.meta };
  }

  /**
   * A lesson's study records that `query` selects (filters and `q`; no order, no paging), with each student's
   * enrollment and name, once the actor may see the lesson's class (404 otherwise). The list and the export
   * both start here.
   */
  async filteredForLesson(
    lessonId: number,
    query: StudyRecordListQuery,
    actor: Actor,
  ): Promise<SelectQueryBuilder<StudyRecord>> {
    await findVisibleLesson(this.dataSource.manager, actor, lessonId);
    const qb = this.sheet(this.dataSource.manager, lessonId);
    if (query.attendance !== undefined) qb.andWhere('sr.attendance = :attendance', { attendance: query.attendance });
    return applyListSearch(qb, query.q, SHEET);
  }

  /** A student's study records with their lessons, once the actor may see the enrollment's class (else 404). */
  async filteredHistory(
    enrollmentId: number,
    query: ListQuery,
    actor: Actor,
  ): Promise<SelectQueryBuilder<StudyRecord>> {
    await findVisibleEnrollment(this.dataSource.manager, actor, enrollmentId);
    const qb = this.dataSource
      .getRepository(StudyRecord)
      .createQueryBuilder('sr')
      .innerJoin('sr.lesson', 'l')
      .addSelect(['l.id', 'l.classId', 'l.dayNum', 'l.date', 'l.hasHomework', 'l.homeworkTitle'])
      .where('sr.enrollmentId = :enrollmentId', { enrollmentId });
    return applyListSearch(qb, query.q, HISTORY);
  }

  /**
   * Records attendance, score and memo for students of the lesson in one transaction: every item must name an
   * enrollment that has a study record for the lesson (else 422 naming it), and nothing is written unless all
   * items are good. Students not in the list keep their records. Answers the records written, by enrollment.
   */
  async record(lessonId: number, items: RecordStudyDto[], actor: Actor): Promise<StudyRecordDto[]> {
    const seen = new Set<number>();
    const duplicates: FieldError[] = [];
    items.forEach((item, i) => {
      if (seen.has(item.enrollmentId)) duplicates.push({ field: `[${i}].enrollmentId`, message: 'is repeated' });
      seen.add(item.enrollmentId);
    });
    if (duplicates.length) throw new ValidationProblem(duplicates);

    return this.dataSource.transaction(async (manager) => {
      await findVisibleLesson(manager, actor, lessonId);
      // one writer per lesson sheet at a time
      await loadForUpdate(manager, Lesson, lessonId, { label: 'Lesson' });
      const ids = items.map((item) => item.enrollmentId);
      const records = await manager.getRepository(StudyRecord).findBy({ lessonId, enrollmentId: In(ids) });
      const byEnrollment = new Map(records.map((r) => [r.enrollmentId, r]));
      const missing = items.flatMap((item, i) =>
        byEnrollment.has(item.enrollmentId)
          ? []
          : [
              {
                field: `[${i}].enrollmentId`,
                message: `enrollment ${item.enrollmentId} has no study record for lesson ${lessonId}`,
              },
            ],
      );
      if (missing.length) {
        throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, missing.map((e) => e.message).join('; '), {
          errors: missing,
        });
      }
      const stale = items.flatMap((item, i) => {
        const current = byEnrollment.get(item.enrollmentId)!.version;
        return item.version !== undefined && item.version !== current
          ? [{ field: `[${i}].version`, message: `is ${current}; reload and try again` }]
          : [];
      });
      if (stale.length) {
        throw new ApiProblem(
          HttpStatus.CONFLICT,
          'Some study records were changed by someone else',
          { errors: stale },
          ProblemType.staleVersion,
        );
      }
      for (const item of items) {
        Object.assign(byEnrollment.get(item.enrollmentId)!, {
          attendance: item.attendance,
          score: item.score,
          memo: item.memo ?? null,
        });
      }
      await manager.save(records);
      const written = await this.sheet(manager, lessonId)
        .andWhere('sr.enrollmentId IN (:...ids)', { ids })
        .orderBy('sr.enrollmentId', 'ASC')
        .getMany();
      return written.map(toStudyRecordDto);
    });
  }

  /** A lesson's study records with each student's enrollment and name (deleted customers included). */
  private sheet(manager: EntityManager, lessonId: number) {
    return manager
      .getRepository(StudyRecord)
      .createQueryBuilder('sr')
      .innerJoin('sr.enrollment', 'e')
      .addSelect(['e.id', 'e.customerId'])
      .innerJoin('e.customer', 'cu')
      .addSelect(['cu.id', 'cu.name', 'cu.qqName'])
      .withDeleted()
      .where('sr.lessonId = :lessonId', { lessonId });
  }
}
