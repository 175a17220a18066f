import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { PaymentMethod, PaymentType } from '../../common/codes/codes.js';
import { readableNumber } from '../../common/entities/base.entity.js';
import { ENROLLMENT_NUMBER_PREFIX } from '../../enrollment/entities/enrollment.entity.js';
import type { PaymentListQuery } from '../../sales/dto/payment.dto.js';
import { PAYMENT_NUMBER_PREFIX } from '../../sales/entities/payment.entity.js';
import { PaymentsService } from '../../sales/payments.service.js';
import { EXPORT_BATCH_SIZE, keysetBatches } from './keyset-batches.js';
import { customerNumberColumn, type ListExport, readableBatches } from './list-export.js';
import { fenToYuan } from './stream-export.js';

/** A payment row of the export, as read from the list's query (`PaymentsService.filtered`). */
export interface PaymentExportRow {
  id: number;
  paidAt: Date;
  customerId: number;
  customer: string | null;
  course: string;
  enrollmentId: number | null;
  type: number;
  method: number;
  amount: number;
  consultant: string;
  memo: string | null;
  createdAt: Date;
}

export const PAYMENT_EXPORT: ListExport<PaymentExportRow> = {
  filename: { en: 'payments', zh: '缴费记录' },
  fields: {
    id: 'p.id',
    paidAt: 'p.paidAt',
    customerId: 'c.id',
    customer: 'c.name',
    course: 'co.name',
    enrollmentId: 'e.id',
    type: 'p.type',
    method: 'p.method',
    amount: 'p.amount',
    consultant: 's.name',
    memo: 'p.memo',
    createdAt: 'p.createdAt',
  },
  columns: [
    { key: 'number', en: 'Number', zh: '编号', value: (p) => readableNumber(PAYMENT_NUMBER_PREFIX, p.id), width: 12 },
    { key: 'paidAt', en: 'Paid at', zh: '缴费时间', value: (p) => p.paidAt, width: 20 },
    customerNumberColumn(),
    { key: 'customer', en: 'Customer', zh: '客户', value: (p) => p.customer },
    { key: 'course', en: 'Course', zh: '课程', value: (p) => p.course },
    {
      key: 'enrollment',
      en: 'Enrollment',
      zh: '报名编号',
      value: (p) => (p.enrollmentId === null ? null : readableNumber(ENROLLMENT_NUMBER_PREFIX, p.enrollmentId)),
      width: 12,
    },
    { key: 'type', en: 'Type', zh: '类型', value: (p, lang) => PaymentType.label(p.type, lang), width: 10 },
    { key: 'method', en: 'Method', zh: '支付方式', value: (p, lang) => PaymentMethod.label(p.method, lang) },
    { key: 'amount', en: 'Amount (yuan)', zh: '金额（元）', value: (p) => fenToYuan(p.amount), width: 14 },
    {
      // refunds negative, so a column sum is the net received
      key: 'net',
      en: 'Net (yuan)',
      zh: '净额（元）',
      value: (p) => fenToYuan(p.type === PaymentType.code.refund ? -p.amount : p.amount),
      width: 14,
    },
    { key: 'consultant', en: 'Consultant', zh: '咨询顾问', value: (p) => p.consultant },
    { key: 'memo', en: 'Memo', zh: '备注', value: (p) => p.memo, width: 32 },
    { key: 'createdAt', en: 'Recorded at', zh: '录入时间', value: (p) => p.createdAt, width: 20 },
  ],
};

/** The payments and refunds of the list's filters and record scope, in keyset batches. */
@Injectable()
export class PaymentExportService {
  /** Rows per query (tests set a small one to cross batch boundaries). */
  batchSize = EXPORT_BATCH_SIZE;

  constructor(private readonly payments: PaymentsService) {}

  batches(query: PaymentListQuery, actor: Actor): AsyncGenerator<PaymentExportRow[]> {
    return readableBatches(actor, 'payments.read', () =>
      keysetBatches(() => this.payments.filtered(query, actor), PAYMENT_EXPORT.fields, this.batchSize),
    );
  }
}
