import { OmitType } from '@nestjs/swagger';
import { validateDto } from '../../common/errors/validation.js';
import {
  CreateFollowUpDto,
  FollowUpListQuery,
  UpdateFollowUpDto,
  type FollowUpDto,
} from '../../sales/dto/follow-up.dto.js';
import { FollowUp } from '../../sales/entities/follow-up.entity.js';
import { FOLLOW_UP_LIST, FollowUpsService } from '../../sales/followups.service.js';
import type { ResourceSpec, Resolve } from '../adapter/resource-spec.js';
import { fenOrNull, IsYuan, yuanText } from '../adapter/yuan-input.js';

/** The follow-up forms: the API's bodies with the offered price typed in yuan. */
class FollowUpForm extends OmitType(CreateFollowUpDto, ['offeredPrice'] as const) {
  @IsYuan('offeredPrice', true)
  offeredPrice?: string | null;
}

class FollowUpUpdateForm extends OmitType(UpdateFollowUpDto, ['offeredPrice'] as const) {
  @IsYuan('offeredPrice', true)
  offeredPrice?: string | null;
}

/** Intention 3 (enrolled elsewhere): the competitor, the reason and the price they offered. */
const LOSS = ['competitorId', 'lostReason', 'offeredPrice'];

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
    showProperties: [
      'customerId',
      'intention',
      'content',
      'nextFollowUpAt',
      ...LOSS,
      'consultantId',
      'createdAt',
      'updatedAt',
    ],
    editProperties: ['customerId', 'intention', 'content', 'nextFollowUpAt', ...LOSS],
    filterProperties: ['customerId', 'consultantId', 'intention', 'competitorId', 'createdAt', 'q'],
    properties: { q: { type: 'string' }, offeredPrice: { type: 'string' } },
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
      dto: FollowUpForm,
      routeParams: ['customerId'],
      run: async (form, actor, { customerId }) => {
        const { offeredPrice, ...rest } = form as FollowUpForm;
        const dto = await validateDto(CreateFollowUpDto, { ...rest, offeredPrice: fenOrNull(offeredPrice) });
        return followUps.create(customerId, dto, actor);
      },
    },
    update: {
      dto: FollowUpUpdateForm,
      run: async (id, form, actor) => {
        const { offeredPrice, ...rest } = form as FollowUpUpdateForm;
        const dto = await validateDto(UpdateFollowUpDto, { ...rest, offeredPrice: fenOrNull(offeredPrice) });
        return followUps.update(id, dto, actor);
      },
    },
    remove: (id, actor) => followUps.remove(id, actor),
    params: (row) => ({
      ...row,
      customerId: row.customer.id,
      consultantId: row.consultant.id,
      competitorId: row.competitor?.id ?? null,
      offeredPrice: yuanText(row.offeredPrice),
    }),
    refs: (row) => ({
      Customer: [{ id: row.customer.id, name: row.customer.name ?? row.customer.number }],
      Staff: [row.consultant],
      Competitor: [row.competitor],
    }),
    actions: { edit: { layout: ['intention', 'content', 'nextFollowUpAt', ...LOSS] } },
  };
}
