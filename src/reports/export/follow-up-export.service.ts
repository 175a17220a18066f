import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { FollowUpIntention } from '../../common/codes/codes.js';
import type { FollowUpListQuery } from '../../sales/dto/follow-up.dto.js';
import { FollowUpsService } from '../../sales/followups.service.js';
import { EXPORT_BATCH_SIZE, keysetBatches } from './keyset-batches.js';
import { customerNumberColumn, type ListExport, readableBatches } from './list-export.js';

/** A follow-up row of the export, as read from the list's query (`FollowUpsService.filtered`). */
export interface FollowUpExportRow {
  id: number;
  customerId: number;
  customer: string | null;
  intention: number;
  content: string;
  nextFollowUpAt: Date | null;
  consultant: string;
  createdAt: Date;
}

export const FOLLOW_UP_EXPORT: ListExport<FollowUpExportRow> = {
  filename: { en: 'follow-ups', zh: '跟进记录' },
  fields: {
    id: 'f.id',
    customerId: 'c.id',
    customer: 'c.name',
    intention: 'f.intention',
    content: 'f.content',
    nextFollowUpAt: 'f.nextFollowUpAt',
    consultant: 's.name',
    createdAt: 'f.createdAt',
  },
  columns: [
    customerNumberColumn(),
    { key: 'customer', en: 'Customer', zh: '客户', value: (f) => f.customer },
    {
      key: 'intention',
      en: 'Intention',
      zh: '意向',
      value: (f, lang) => FollowUpIntention.label(f.intention, lang),
      width: 20,
    },
    { key: 'content', en: 'Content', zh: '跟进内容', value: (f) => f.content, width: 48 },
    { key: 'nextFollowUpAt', en: 'Next follow-up', zh: '下次跟进时间', value: (f) => f.nextFollowUpAt, width: 20 },
    { key: 'consultant', en: 'Recorded by', zh: '跟进人', value: (f) => f.consultant },
    { key: 'createdAt', en: 'Recorded at', zh: '跟进时间', value: (f) => f.createdAt, width: 20 },
  ],
};

/** The follow-ups of the list's filters and record scope, in keyset batches. */
@Injectable()
export class FollowUpExportService {
  /** Rows per query (tests set a small one to cross batch boundaries). */
  batchSize = EXPORT_BATCH_SIZE;

  constructor(private readonly followUps: FollowUpsService) {}

  batches(query: FollowUpListQuery, actor: Actor): AsyncGenerator<FollowUpExportRow[]> {
    return readableBatches(actor, 'followups.read', () =>
      keysetBatches(() => this.followUps.filtered(query, actor), FOLLOW_UP_EXPORT.fields, this.batchSize),
    );
  }
}
