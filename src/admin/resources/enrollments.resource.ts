import type { ParamsType } from 'adminjs';
import type { Actor } from '../../common/auth/actor.js';
import type { Permission } from '../../common/auth/permissions.js';
import { yuan } from '../../common/money.js';
import {
  CancelEnrollmentDto,
  CreateEnrollmentDto,
  EnrollmentListQuery,
  EnrollmentStepDto,
  RejectEnrollmentDto,
  type EnrollmentDetailDto,
  type EnrollmentDto,
} from '../../enrollment/dto/enrollment.dto.js';
import { ENROLLMENT_LIST, EnrollmentsService } from '../../enrollment/enrollments.service.js';
import { Enrollment } from '../../enrollment/entities/enrollment.entity.js';
import { formAction, recordAction } from '../adapter/actions.js';
import type { ResourceSpec, Resolve } from '../adapter/resource-spec.js';

/** What a row shows: the class by its display name, the price in yuan, the lesson balance. */
const enrollmentParams = (row: EnrollmentDto) => ({
  ...row,
  customerId: row.customer.id,
  classId: row.class.id,
  className: row.class.displayName,
  courseId: row.class.courseId,
  consultantId: row.consultant.id,
  priceYuan: yuan(row.price),
  lessonsPurchased: row.lessons.purchased,
  lessonsUsed: row.lessons.used,
  lessonsRemaining: row.lessons.remaining,
});

const enrollmentRefs = (row: EnrollmentDto) => ({
  Customer: [{ id: row.customer.id, name: row.customer.name ?? row.customer.number }],
  Staff: [row.consultant],
  Course: [{ id: row.class.courseId, name: row.class.courseName }],
  SchoolClass: [{ id: row.class.id, name: row.class.displayName }],
});

const inState =
  (...states: string[]) =>
  (params: ParamsType) =>
    states.includes(String(params.status));

const step = (params: ParamsType) => Object.assign(new EnrollmentStepDto(), { version: Number(params.version) });

/**
 * Enrollments: the contract workflow (pending → agreed → approved or rejected; cancelled while open) through
 * EnrollmentsService, with the version the record was read at; record scope, workflow and audit are the API's.
 */
export function enrollmentResource(resolve: Resolve): ResourceSpec<EnrollmentDto> {
  const enrollments = resolve(EnrollmentsService);
  const formLink = (form: string, permission: Permission, icon: string, states: string[]) =>
    formAction(form, { permission, icon, variant: 'danger', appliesTo: inState(...states) });
  return {
    entity: Enrollment,
    navigation: 'enrollment',
    titleProperty: 'number',
    listProperties: [
      'number',
      'customerId',
      'className',
      'consultantId',
      'status',
      'priceYuan',
      'lessonsRemaining',
      'createdAt',
    ],
    showProperties: [
      'number',
      'customerId',
      'className',
      'courseId',
      'consultantId',
      'status',
      'priceYuan',
      'lessonsPurchased',
      'lessonsUsed',
      'lessonsRemaining',
      'contractText',
      'contractAgreedAt',
      'contractApprovedAt',
      'approvedById',
      'rejectReason',
      'cancelReason',
      'createdAt',
      'updatedAt',
    ],
    // the consultant is whoever enrolls; the contract, price and lessons are copied from the course
    editProperties: ['customerId', 'classId', 'purchasedLessons'],
    filterProperties: ['status', 'classId', 'courseId', 'consultantId', 'customerId', 'createdAt'],
    properties: {
      number: { type: 'string' },
      className: { type: 'string' },
      courseId: { reference: 'Course' },
      priceYuan: { type: 'string' },
      lessonsPurchased: { type: 'number' },
      lessonsUsed: { type: 'number' },
      lessonsRemaining: { type: 'number' },
      purchasedLessons: { isRequired: false }, // the course's lesson count by default
    },
    sortable: Object.keys(ENROLLMENT_LIST.sortable),
    defaultSort: { sortBy: 'createdAt', direction: 'desc' },
    access: { read: 'enrollments.read', create: 'enrollments.write' },
    listQuery: EnrollmentListQuery,
    filterFields: { createdAt: { from: 'createdFrom', to: 'createdTo' } },
    export: 'enrollments',
    list: (query, actor) => enrollments.list(query as EnrollmentListQuery, actor),
    get: (id, actor) => enrollments.get(id, actor),
    create: { dto: CreateEnrollmentDto, run: (dto, actor) => enrollments.create(dto as CreateEnrollmentDto, actor) },
    params: enrollmentParams,
    refs: enrollmentRefs,
    actions: {
      agree: recordAction({
        permission: 'enrollments.write',
        icon: 'Edit3',
        variant: 'primary',
        question: 'confirmAgree',
        appliesTo: inState('pending'),
        run: (id, actor, params) => enrollments.agree(id, step(params), actor),
        done: 'enrollmentAgreed',
      }),
      approve: recordAction({
        permission: 'enrollments.approve',
        icon: 'CheckCircle',
        variant: 'success',
        question: 'confirmApprove',
        appliesTo: inState('agreed'),
        run: (id, actor, params) => enrollments.approve(id, step(params), actor),
        done: 'enrollmentApproved',
      }),
      reject: formLink('EnrollmentRejection', 'enrollments.approve', 'XCircle', ['agreed']),
      cancel: formLink('EnrollmentCancellation', 'enrollments.write', 'Slash', ['pending', 'agreed']),
    },
  };
}

/**
 * The form of a workflow step that needs a reason (Enrollment → Reject or Cancel): the record as it was read
 * (its version goes back with the form), the reason, and the service's step.
 */
function reasonForm(
  resolve: Resolve,
  id: string,
  permission: Permission,
  dto: typeof RejectEnrollmentDto | typeof CancelEnrollmentDto,
  run: (service: EnrollmentsService, id: number, dto: object, actor: Actor) => Promise<EnrollmentDetailDto>,
): ResourceSpec<EnrollmentDto> {
  const enrollments = resolve(EnrollmentsService);
  return {
    entity: Enrollment,
    id,
    navigation: 'enrollment',
    hidden: true,
    afterSave: 'Enrollment',
    titleProperty: 'number',
    listProperties: ['number', 'customerId', 'className', 'status'],
    showProperties: ['number', 'customerId', 'className', 'status'],
    editProperties: ['reason'],
    properties: {
      number: { type: 'string' },
      className: { type: 'string' },
      reason: { type: 'textarea', isRequired: dto === RejectEnrollmentDto },
    },
    sortable: Object.keys(ENROLLMENT_LIST.sortable),
    defaultSort: { sortBy: 'createdAt', direction: 'desc' },
    access: { read: permission, edit: permission },
    listQuery: EnrollmentListQuery,
    list: (query, actor) => enrollments.list(query as EnrollmentListQuery, actor),
    get: (enrollmentId, actor) => enrollments.get(enrollmentId, actor),
    update: { dto, run: (enrollmentId, body, actor) => run(enrollments, enrollmentId, body, actor) },
    params: enrollmentParams,
    refs: enrollmentRefs,
  };
}

/** Enrollment → Reject: the reason is required (shown to the consultant). */
export const enrollmentRejectionResource = (resolve: Resolve) =>
  reasonForm(resolve, 'EnrollmentRejection', 'enrollments.approve', RejectEnrollmentDto, (s, id, dto, actor) =>
    s.reject(id, dto as RejectEnrollmentDto, actor),
  );

/** Enrollment → Cancel: the reason is optional. */
export const enrollmentCancellationResource = (resolve: Resolve) =>
  reasonForm(resolve, 'EnrollmentCancellation', 'enrollments.write', CancelEnrollmentDto, (s, id, dto, actor) =>
    s.cancel(id, dto as CancelEnrollmentDto, actor),
  );
