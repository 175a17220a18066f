import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { EnrollmentStatus } from '../../common/codes/codes.js';
import { readableNumber } from '../../common/entities/base.entity.js';
import type { EnrollmentListQuery } from '../../enrollment/dto/enrollment.dto.js';
import { EnrollmentsService } from '../../enrollment/enrollments.service.js';
import { ENROLLMENT_NUMBER_PREFIX } from '../../enrollment/entities/enrollment.entity.js';
import { EXPORT_BATCH_SIZE, keysetBatches } from './keyset-batches.js';
import { classColumn, customerNumberColumn, type ListExport, readableBatches } from './list-export.js';
import { fenToYuan } from './stream-export.js';

/** An enrollment row of the export, as read from the list's query (`EnrollmentsService.filtered`). */
export interface EnrollmentExportRow {
  id: number;
  customerId: number;
  customer: string | null;
  semester: number;
  course: string;
  campus: string;
  consultant: string;
  status: number;
  price: number;
  purchasedLessons: number;
  /** Lessons used so far (the list's aggregate: a number, or its text on some drivers). */
  used: unknown;
  contractAgreedAt: Date | null;
  contractApprovedAt: Date | null;
  rejectReason: string | null;
  cancelReason: string | null;
  createdAt: Date;
}

export const ENROLLMENT_EXPORT: ListExport<EnrollmentExportRow> = {
  filename: { en: 'enrollments', zh: '报名' },
  fields: {
    id: 'e.id',
    customerId: 'cu.id',
    customer: 'cu.name',
    semester: 'k.semester',
    course: 'cr.name',
    campus: 'b.name',
    consultant: 'co.name',
    status: 'e.status',
    price: 'e.price',
    purchasedLessons: 'e.purchasedLessons',
    used: 'used',
    contractAgreedAt: 'e.contractAgreedAt',
    contractApprovedAt: 'e.contractApprovedAt',
    rejectReason: 'e.rejectReason',
    cancelReason: 'e.cancelReason',
    createdAt: 'e.createdAt',
  },
  columns: [
    {
      key: 'number',
      en: 'Number',
      zh: '编号',
      value: (r) => readableNumber(ENROLLMENT_NUMBER_PREFIX, r.id),
      width: 12,
    },
    customerNumberColumn(),
    { key: 'customer', en: 'Customer', zh: '客户', value: (r) => r.customer },
    classColumn(),
    { key: 'course', en: 'Course', zh: '课程', value: (r) => r.course },
    { key: 'campus', en: 'Campus', zh: '校区', value: (r) => r.campus },
    { key: 'consultant', en: 'Consultant', zh: '咨询顾问', value: (r) => r.consultant },
    { key: 'status', en: 'Status', zh: '状态', value: (r, lang) => EnrollmentStatus.label(r.status, lang), width: 18 },
    { key: 'price', en: 'Price (yuan)', zh: '价格（元）', value: (r) => fenToYuan(r.price), width: 14 },
    { key: 'purchased', en: 'Lessons bought', zh: '购买课时', value: (r) => r.purchasedLessons, width: 12 },
    { key: 'used', en: 'Lessons used', zh: '已用课时', value: (r) => Number(r.used ?? 0), width: 12 },
    {
      key: 'remaining',
      en: 'Lessons left',
      zh: '剩余课时',
      value: (r) => r.purchasedLessons - Number(r.used ?? 0),
      width: 12,
    },
    { key: 'agreedAt', en: 'Contract agreed', zh: '同意合同时间', value: (r) => r.contractAgreedAt, width: 20 },
    { key: 'approvedAt', en: 'Contract approved', zh: '合同审核时间', value: (r) => r.contractApprovedAt, width: 20 },
    { key: 'rejectReason', en: 'Rejection reason', zh: '驳回原因', value: (r) => r.rejectReason },
    { key: 'cancelReason', en: 'Cancellation reason', zh: '取消原因', value: (r) => r.cancelReason },
    { key: 'createdAt', en: 'Created', zh: '创建时间', value: (r) => r.createdAt, width: 20 },
  ],
};

/** The enrollments of the list's filters and record scope, with their lesson balance, in keyset batches. */
@Injectable()
export class EnrollmentExportService {
  /** Rows per query (tests set a small one to cross batch boundaries). */
  batchSize = EXPORT_BATCH_SIZE;

  constructor(private readonly enrollments: EnrollmentsService) {}

  batches(query: EnrollmentListQuery, actor: Actor): AsyncGenerator<EnrollmentExportRow[]> {
    return readableBatches(actor, 'enrollments.read', () =>
      keysetBatches(() => this.enrollments.filtered(query, actor), ENROLLMENT_EXPORT.fields, this.batchSize),
    );
  }
}
