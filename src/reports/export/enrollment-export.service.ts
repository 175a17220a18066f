import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { EnrollmentStatus } from '../../common/codes/codes.js';
import type { EnrollmentListQuery } from '../../enrollment/dto/enrollment.dto.js';
import { EnrollmentsService } from '../../enrollment/enrollments.service.js';
import type { Enrollment } from '../../enrollment/entities/enrollment.entity.js';
import { EXPORT_BATCH_SIZE, keysetRows } from './keyset-batches.js';
import { className, readableRows, type ListExport } from './list-export.js';
import { fenToYuan } from './stream-export.js';

/** An enrollment row of the export: the entity with its refs, and the lessons used so far. */
export interface EnrollmentExportRow {
  enrollment: Enrollment;
  used: number;
}

export const ENROLLMENT_EXPORT: ListExport<EnrollmentExportRow> = {
  filename: { en: 'enrollments', zh: '报名' },
  columns: [
    { key: 'number', en: 'Number', zh: '编号', value: (r) => r.enrollment.number, width: 12 },
    {
      key: 'customerNumber',
      en: 'Customer number',
      zh: '客户编号',
      value: (r) => r.enrollment.customer.number,
      width: 12,
    },
    { key: 'customer', en: 'Customer', zh: '客户', value: (r) => r.enrollment.customer.name },
    { key: 'class', en: 'Class', zh: '班级', value: (r, lang) => className(r.enrollment.schoolClass, lang), width: 32 },
    { key: 'course', en: 'Course', zh: '课程', value: (r) => r.enrollment.schoolClass.course.name },
    { key: 'campus', en: 'Campus', zh: '校区', value: (r) => r.enrollment.schoolClass.branch.name },
    { key: 'consultant', en: 'Consultant', zh: '咨询顾问', value: (r) => r.enrollment.consultant.name },
    {
      key: 'status',
      en: 'Status',
      zh: '状态',
      value: (r, lang) => EnrollmentStatus.label(r.enrollment.status, lang),
      width: 18,
    },
    { key: 'price', en: 'Price (yuan)', zh: '价格（元）', value: (r) => fenToYuan(r.enrollment.price), width: 14 },
    { key: 'purchased', en: 'Lessons bought', zh: '购买课时', value: (r) => r.enrollment.purchasedLessons, width: 12 },
    { key: 'used', en: 'Lessons used', zh: '已用课时', value: (r) => r.used, width: 12 },
    {
      key: 'remaining',
      en: 'Lessons left',
      zh: '剩余课时',
      value: (r) => r.enrollment.purchasedLessons - r.used,
      width: 12,
    },
    {
      key: 'agreedAt',
      en: 'Contract agreed',
      zh: '同意合同时间',
      value: (r) => r.enrollment.contractAgreedAt,
      width: 20,
    },
    {
      key: 'approvedAt',
      en: 'Contract approved',
      zh: '合同审核时间',
      value: (r) => r.enrollment.contractApprovedAt,
      width: 20,
    },
    { key: 'rejectReason', en: 'Rejection reason', zh: '驳回原因', value: (r) => r.enrollment.rejectReason },
    { key: 'cancelReason', en: 'Cancellation reason', zh: '取消原因', value: (r) => r.enrollment.cancelReason },
    { key: 'createdAt', en: 'Created', zh: '创建时间', value: (r) => r.enrollment.createdAt, width: 20 },
  ],
};

/** The enrollments of the list's filters and record scope, with their lesson balance, in keyset batches. */
@Injectable()
export class EnrollmentExportService {
  /** Rows per query (tests set a small one to cross batch boundaries). */
  batchSize = EXPORT_BATCH_SIZE;

  constructor(private readonly enrollments: EnrollmentsService) {}

  rows(query: EnrollmentListQuery, actor: Actor): AsyncGenerator<EnrollmentExportRow> {
    return readableRows(actor, 'enrollments.read', () =>
      keysetRows(() => this.enrollments.filtered(query, actor), {
        batchSize: this.batchSize,
        read: async (qb) => {
          const { entities, raw } = await qb.getRawAndEntities<{ e_id: number | string; used: number | string }>();
          const used = new Map(raw.map((row) => [Number(row.e_id), Number(row.used)]));
          return entities.map((enrollment) => ({ enrollment, used: used.get(enrollment.id) ?? 0 }));
        },
        idOf: (row) => row.enrollment.id,
      }),
    );
  }
}
