import {
  CreateFollowUpDto,
  FollowUpListQuery,
  UpdateFollowUpDto,
  type FollowUpDto,
} from '../../sales/dto/follow-up.dto.js';
import { FollowUp } from '../../sales/entities/follow-up.entity.js';
import { FOLLOW_UP_LIST, FollowUpsService } from '../../sales/followups.service.js';
import type { ResourceSpec, Resolve } from '../adapter/resource-spec.js';

/**
 * Follow-ups with customers: a consultant records them for their own customers; each one updates the
 * customer's latest intention (the service does, in the same transaction).
 */
export function followUpResource(resolve: Resolve): ResourceSpec<FollowUpDto> {
  const followUps = resolve(FollowUpsService);
  return {
    entity: FollowUp,
    navigation: 'sales',
    titleProperty: 'content',
    listProperties: ['customerId', 'intention', 'content', 'nextFollowUpAt', 'consultantId', 'createdAt'],
    showProperties: ['customerId', 'intention', 'content', 'nextFollowUpAt', 'consultantId', 'createdAt', 'updatedAt'],
    editProperties: ['customerId', 'intention', 'content', 'nextFollowUpAt'],
    filterProperties: ['customerId', 'consultantId', 'intention', 'createdAt', 'q'],
    properties: { q: { type: 'string' } },
    sortable: Object.keys(FOLLOW_UP_LIST.sortable),
    defaultSort: { sortBy: 'createdAt', direction: 'desc' },
    access: { read: 'followups.read', create: 'followups.write', edit: 'followups.write', delete: 'followups.write' },
    listQuery: FollowUpListQuery,
    export: 'followups',
    filterFields: { createdAt: { from: 'from', to: 'to' } },
    list: (query, actor) => followUps.list(query as FollowUpListQuery, actor),
    get: (id, actor) => followUps.get(id, actor),
    // the API takes the customer from the URL (/customers/:customerId/followups)
    create: {
      dto: CreateFollowUpDto,
      routeParams: ['customerId'],
      run: (dto, actor, { customerId }) => followUps.create(customerId, dto as CreateFollowUpDto, actor),
    },
    update: { dto: UpdateFollowUpDto, run: (id, dto, actor) => followUps.update(id, dto as UpdateFollowUpDto, actor) },
    remove: (id, actor) => followUps.remove(id, actor),
    params: (row) => ({ ...row, customerId: row.customer.id, consultantId: row.consultant.id }),
    refs: (row) => ({
      Customer: [{ id: row.customer.id, name: row.customer.name ?? row.customer.number }],
      Staff: [row.consultant],
    }),
    actions: { edit: { layout: ['intention', 'content', 'nextFollowUpAt'] } },
  };
}
