import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { FollowUpIntention } from '../../common/codes/codes.js';
import type { FollowUpListQuery } from '../../sales/dto/follow-up.dto.js';
import type { FollowUp } from '../../sales/entities/follow-up.entity.js';
import { FollowUpsService } from '../../sales/followups.service.js';
import { EXPORT_BATCH_SIZE, keysetRows } from './keyset-batches.js';
import { readableRows, type ListExport } from './list-export.js';

export const FOLLOW_UP_EXPORT: ListExport<FollowUp> = {
  filename: { en: 'follow-ups', zh: '跟进记录' },
  columns: [
    { key: 'customerNumber', en: 'Customer number', zh: '客户编号', value: (f) => f.customer.number, width: 12 },
    { key: 'customer', en: 'Customer', zh: '客户', value: (f) => f.customer.name },
    {
      key: 'intention',
      en: 'Intention',
      zh: '意向',
      value: (f, lang) => FollowUpIntention.label(f.intention, lang),
      width: 20,
    },
    { key: 'content', en: 'Content', zh: '跟进内容', value: (f) => f.content, width: 48 },
    { key: 'nextFollowUpAt', en: 'Next follow-up', zh: '下次跟进时间', value: (f) => f.nextFollowUpAt, width: 20 },
    { key: 'consultant', en: 'Recorded by', zh: '跟进人', value: (f) => f.consultant.name },
    { key: 'createdAt', en: 'Recorded at', zh: '跟进时间', value: (f) => f.createdAt, width: 20 },
  ],
};

/** The follow-ups of the list's filters and record scope, in keyset batches. */
@Injectable()
export class FollowUpExportService {
  /** Rows per query (tests set a small one to cross batch boundaries). */
  batchSize = EXPORT_BATCH_SIZE;

  constructor(private readonly followUps: FollowUpsService) {}

  rows(query: FollowUpListQuery, actor: Actor): AsyncGenerator<FollowUp> {
    return readableRows(actor, 'followups.read', () =>
      keysetRows(() => this.followUps.filtered(query, actor), { batchSize: this.batchSize }),
    );
  }
}
