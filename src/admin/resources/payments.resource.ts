import { OmitType } from '@nestjs/swagger';
import { validateDto } from '../../common/errors/validation.js';
import { yuan } from '../../common/money.js';
import { CreatePaymentDto, PaymentListQuery, UpdatePaymentDto, type PaymentDto } from '../../sales/dto/payment.dto.js';
import { Payment } from '../../sales/entities/payment.entity.js';
import { PAYMENT_LIST, PaymentsService } from '../../sales/payments.service.js';
import type { ResourceSpec, Resolve } from '../adapter/resource-spec.js';
import { IsYuan, toFen } from '../adapter/yuan-input.js';

/** The new-payment form: the API's body, with the amount typed in yuan (e.g. 9800 or 9800.50). */
class PaymentForm extends OmitType(CreatePaymentDto, ['amount'] as const) {
  @IsYuan('amount')
  amount: string;
}

/**
 * Payments and refunds through PaymentsService: recorded (a refund needs payments.refund), never deleted; the
 * memo and method can be corrected while the API allows it (24 hours). Amounts show and are typed in yuan.
 */
export function paymentResource(resolve: Resolve): ResourceSpec<PaymentDto> {
  const payments = resolve(PaymentsService);
  return {
    entity: Payment,
    navigation: 'sales',
    titleProperty: 'number',
    listProperties: ['number', 'customerId', 'courseId', 'type', 'method', 'amount', 'consultantId', 'paidAt'],
    showProperties: [
      'number',
      'customerId',
      'courseId',
      'enrollmentId',
      'type',
      'method',
      'amount',
      'consultantId',
      'paidAt',
      'memo',
      'editableUntil',
      'createdAt',
      'updatedAt',
    ],
    editProperties: [
      'customerId',
      'courseId',
      'enrollmentId',
      'type',
      'method',
      'amount',
      'paidAt',
      'consultantId',
      'memo',
    ],
    filterProperties: ['q', 'customerId', 'courseId', 'consultantId', 'type', 'method', 'paidAt'],
    properties: {
      number: { type: 'string' },
      q: { type: 'string' },
      amount: { type: 'string', isRequired: true },
      type: { isRequired: false }, // a payment unless a refund is chosen
      consultantId: { isRequired: false }, // defaults to whoever records it
      editableUntil: { type: 'datetime' },
    },
    sortable: Object.keys(PAYMENT_LIST.sortable),
    defaultSort: { sortBy: 'paidAt', direction: 'desc' },
    access: { read: 'payments.read', create: 'payments.write', edit: 'payments.write' },
    listQuery: PaymentListQuery,
    export: 'payments',
    filterFields: { paidAt: { from: 'paidFrom', to: 'paidTo' } },
    list: (query, actor) => payments.list(query as PaymentListQuery, actor),
    get: (id, actor) => payments.get(id, actor),
    create: {
      dto: PaymentForm,
      run: async (form, actor) => {
        const { amount, ...rest } = form as PaymentForm;
        // the API's own body, validated again: the amount's limits are the API's (1 fen to ¥1,000,000.00)
        const dto = await validateDto(CreatePaymentDto, { ...rest, amount: toFen(amount) });
        return payments.create(dto, actor);
      },
    },
    update: { dto: UpdatePaymentDto, run: (id, dto, actor) => payments.update(id, dto as UpdatePaymentDto, actor) },
    params: (row) => ({
      ...row,
      amount: yuan(row.amount),
      customerId: row.customer.id,
      courseId: row.course.id,
      enrollmentId: row.enrollment?.id ?? null,
      consultantId: row.consultant.id,
    }),
    refs: (row) => ({
      Customer: [{ id: row.customer.id, name: row.customer.name ?? row.customer.number }],
      Course: [row.course],
      Enrollment: [row.enrollment ? { id: row.enrollment.id, name: row.enrollment.number } : null],
      Staff: [row.consultant],
    }),
    actions: {
      // money records are corrected with a refund: only the memo and method, while the API allows it
      edit: {
        layout: ['method', 'memo'],
        isVisible: ({ record }) => !record || new Date(String(record.params.editableUntil)).getTime() > Date.now(),
      },
    },
  };
}
