import { OmitType } from '@nestjs/swagger';
import type { ParamsType } from 'adminjs';
import type { Actor } from '../../common/auth/actor.js';
import type { Permission } from '../../common/auth/permissions.js';
import { FeedbackReplyKind, FeedbackStatus } from '../../common/codes/codes.js';
import {
  AssignFeedbackDto,
  ChangeFeedbackStatusDto,
  CreateFeedbackDto,
  FeedbackListQuery,
  UpdateFeedbackDto,
} from '../../feedback/dto/feedback.dto.js';
import type { FeedbackDetailDto, FeedbackDto } from '../../feedback/dto/feedback-view.dto.js';
import { Feedback } from '../../feedback/entities/feedback.entity.js';
import { FeedbackWorkflowService } from '../../feedback/feedback-workflow.service.js';
import { FEEDBACK_LIST, FeedbackService } from '../../feedback/feedback.service.js';
import { formAction, recordAction } from '../adapter/actions.js';
import type { PropertySpec, ResourceSpec, Resolve } from '../adapter/resource-spec.js';

const S = FeedbackStatus.code;

/** The resolve form: the resolution and the version it was loaded with (the status is the form's purpose). */
class ResolveFeedbackForm extends OmitType(ChangeFeedbackStatusDto, ['status'] as const) {}

const isDetail = (row: FeedbackDto): row is FeedbackDetailDto => 'timeline' in row;

/** What a ticket shows: the customer, assignee and author by id (shown by name), the timeline as entries. */
const feedbackParams = (row: FeedbackDto) => ({
  ...row,
  customerId: row.customer.id,
  assigneeId: row.assignee?.id ?? null,
  createdById: row.createdBy?.id ?? null,
  ...(isDetail(row)
    ? {
        timeline: row.timeline.map((entry) => ({
          createdAt: entry.createdAt,
          author: entry.author.name,
          kind: entry.kind,
          content: entry.content,
        })),
      }
    : {}),
});

const feedbackRefs = (row: FeedbackDto) => ({
  Customer: [{ id: row.customer.id, name: row.customer.name ?? row.customer.number }],
  Staff: [row.assignee, row.createdBy],
});

const inState =
  (...states: string[]) =>
  (params: ParamsType) =>
    states.includes(String(params.status));

/** Properties every feedback resource shares. */
const PROPERTIES: Record<string, PropertySpec> = {
  number: { type: 'string' },
  overdue: { type: 'boolean' },
  q: { type: 'string' },
};

/**
 * Service feedback tickets through FeedbackService (record, edit, delete a mistaken one) and
 * FeedbackWorkflowService (assign, start, resolve, close, reopen — each on the ticket's timeline).
 */
export function feedbackResource(resolve: Resolve): ResourceSpec<FeedbackDto> {
  const tickets = resolve(FeedbackService);
  const workflow = resolve(FeedbackWorkflowService);
  const move = (to: number, from: string[], done: string, icon: string, permission: Permission = 'feedback.write') =>
    recordAction({
      permission,
      icon,
      variant: to === S.closed ? 'danger' : 'primary',
      appliesTo: inState(...from),
      run: (id, actor, params) =>
        workflow.changeStatus(
          id,
          Object.assign(new ChangeFeedbackStatusDto(), { status: to, version: Number(params.version) }),
          actor,
        ),
      done,
    });
  return {
    entity: Feedback,
    navigation: 'feedback',
    titleProperty: 'title',
    listProperties: [
      'number',
      'title',
      'customerId',
      'type',
      'priority',
      'status',
      'assigneeId',
      'overdue',
      'createdAt',
    ],
    showProperties: [
      'number',
      'title',
      'customerId',
      'enrollmentId',
      'classId',
      'type',
      'channel',
      'priority',
      'status',
      'assigneeId',
      'overdue',
      'content',
      'resolution',
      'satisfaction',
      'satisfactionComment',
      'firstResponseDueAt',
      'firstResponseAt',
      'resolutionDueAt',
      'resolvedAt',
      'closedAt',
      'createdById',
      'createdAt',
      'updatedAt',
      'timeline',
    ],
    editProperties: ['customerId', 'enrollmentId', 'type', 'channel', 'priority', 'title', 'content'],
    filterProperties: ['q', 'status', 'priority', 'type', 'assigneeId', 'customerId', 'overdue', 'createdAt'],
    properties: {
      ...PROPERTIES,
      firstResponseDueAt: { type: 'datetime' },
      resolutionDueAt: { type: 'datetime' },
      timeline: {
        type: 'mixed',
        isArray: true,
        sub: {
          createdAt: { type: 'datetime' },
          author: {},
          kind: { codes: FeedbackReplyKind },
          content: { type: 'textarea' },
        },
      },
    },
    sortable: Object.keys(FEEDBACK_LIST.sortable),
    defaultSort: { sortBy: 'createdAt', direction: 'desc' },
    access: {
      read: 'feedback.read',
      create: 'feedback.write',
      edit: 'feedback.write',
      delete: 'feedback.manage',
    },
    listQuery: FeedbackListQuery,
    filterFields: { createdAt: { from: 'createdFrom', to: 'createdTo' } },
    export: 'feedback',
    list: (query, actor) => tickets.list(query as FeedbackListQuery, actor),
    get: (id, actor) => tickets.get(id, actor),
    create: { dto: CreateFeedbackDto, run: (dto, actor) => tickets.create(dto as CreateFeedbackDto, actor) },
    update: { dto: UpdateFeedbackDto, run: (id, dto, actor) => tickets.update(id, dto as UpdateFeedbackDto, actor) },
    remove: (id, actor) => tickets.remove(id, actor),
    params: feedbackParams,
    refs: feedbackRefs,
    actions: {
      // the customer and the enrollment are chosen when the ticket is recorded
      edit: {
        layout: ['type', 'channel', 'priority', 'title', 'content'],
        isVisible: ({ record }) => !record || record.params.status !== 'closed',
      },
      delete: { isVisible: ({ record }) => !record || record.params.status === 'open' },
      assign: formAction('FeedbackAssignment', {
        permission: 'feedback.manage',
        icon: 'UserPlus',
        appliesTo: inState('open', 'inProgress', 'resolved'),
      }),
      start: move(S.inProgress, ['open'], 'feedbackStarted', 'PlayCircle'),
      resolve: formAction('FeedbackResolution', {
        permission: 'feedback.write',
        icon: 'CheckCircle',
        variant: 'success',
        appliesTo: inState('inProgress'),
      }),
      close: move(S.closed, ['resolved'], 'feedbackClosed', 'Archive'),
      reopen: move(S.inProgress, ['resolved', 'closed'], 'feedbackReopened', 'RotateCcw'),
    },
  };
}

/** A one-step form on a ticket (Feedback → Assign or Resolve): the ticket as read, its version and one field. */
function ticketForm(
  resolve: Resolve,
  spec: {
    id: string;
    permission: Permission;
    field: string;
    dto: typeof AssignFeedbackDto | typeof ResolveFeedbackForm;
    property: PropertySpec;
    run(workflow: FeedbackWorkflowService, id: number, dto: object, actor: Actor): Promise<FeedbackDto>;
  },
): ResourceSpec<FeedbackDto> {
  const tickets = resolve(FeedbackService);
  const workflow = resolve(FeedbackWorkflowService);
  return {
    entity: Feedback,
    id: spec.id,
    navigation: 'feedback',
    hidden: true,
    afterSave: 'Feedback',
    titleProperty: 'title',
    listProperties: ['number', 'title', 'status'],
    showProperties: ['number', 'title', 'customerId', 'status', 'assigneeId'],
    editProperties: [spec.field],
    properties: { ...PROPERTIES, [spec.field]: spec.property },
    sortable: Object.keys(FEEDBACK_LIST.sortable),
    defaultSort: { sortBy: 'createdAt', direction: 'desc' },
    access: { read: spec.permission, edit: spec.permission },
    listQuery: FeedbackListQuery,
    list: (query, actor) => tickets.list(query as FeedbackListQuery, actor),
    get: (id, actor) => tickets.get(id, actor),
    update: { dto: spec.dto, run: (id, dto, actor) => spec.run(workflow, id, dto, actor) },
    params: feedbackParams,
    refs: feedbackRefs,
  };
}

/** Feedback → Assign: an active staff member who may work feedback, or nobody (feedback.manage). */
export const feedbackAssignmentResource = (resolve: Resolve) =>
  ticketForm(resolve, {
    id: 'FeedbackAssignment',
    permission: 'feedback.manage',
    field: 'assigneeId',
    dto: AssignFeedbackDto,
    property: { reference: 'Staff' },
    run: (workflow, id, dto, actor) => workflow.assign(id, dto as AssignFeedbackDto, actor),
  });

/** Feedback → Resolve: the resolution is required. */
export const feedbackResolutionResource = (resolve: Resolve) =>
  ticketForm(resolve, {
    id: 'FeedbackResolution',
    permission: 'feedback.write',
    field: 'resolution',
    dto: ResolveFeedbackForm,
    property: { type: 'textarea', isRequired: true },
    run: (workflow, id, dto, actor) =>
      workflow.changeStatus(id, Object.assign(new ChangeFeedbackStatusDto(), dto, { status: S.resolved }), actor),
  });
