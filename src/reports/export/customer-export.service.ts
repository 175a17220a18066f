import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { CustomerSource, CustomerStatus, FollowUpIntention } from '../../common/codes/codes.js';
import { CustomerListService, tagsOfRows } from '../../customers/customer-list.service.js';
import type { CustomerListQuery, RefDto } from '../../customers/dto/customer.dto.js';
import type { Customer } from '../../customers/entities/customer.entity.js';
import { EXPORT_BATCH_SIZE, keysetBatches } from './keyset-batches.js';
import { readableRows, type ListExport } from './list-export.js';
import type { ExportColumn } from './stream-export.js';

/** Rows read per query: memory holds one batch at a time, whatever the number of rows. */
export const CUSTOMER_EXPORT_BATCH_SIZE = EXPORT_BATCH_SIZE;

/** A customer row of the export: the entity (with consultant and course) and its tags. */
export interface CustomerExportRow {
  customer: Customer;
  tags: RefDto[];
}

export const CUSTOMER_EXPORT_COLUMNS: readonly ExportColumn<CustomerExportRow>[] = [
  { key: 'number', en: 'Number', zh: '编号', value: (r) => r.customer.number, width: 12 },
  { key: 'name', en: 'Name', zh: '姓名', value: (r) => r.customer.name },
  { key: 'qq', en: 'QQ', zh: 'QQ', value: (r) => r.customer.qq, width: 14 },
  { key: 'qqName', en: 'QQ nickname', zh: 'QQ昵称', value: (r) => r.customer.qqName },
  { key: 'phone', en: 'Phone', zh: '电话', value: (r) => r.customer.phone, width: 16 },
  { key: 'source', en: 'Source', zh: '来源', value: (r, lang) => CustomerSource.label(r.customer.source, lang) },
  { key: 'status', en: 'Status', zh: '状态', value: (r, lang) => CustomerStatus.label(r.customer.status, lang) },
  {
    key: 'latestIntention',
    en: 'Latest intention',
    zh: '最新意向',
    value: (r, lang) =>
      r.customer.latestIntention === null ? null : FollowUpIntention.label(r.customer.latestIntention, lang),
  },
  { key: 'consultant', en: 'Consultant', zh: '咨询顾问', value: (r) => r.customer.consultant?.name ?? null },
  {
    key: 'consultCourse',
    en: 'Course asked about',
    zh: '咨询课程',
    value: (r) => r.customer.consultCourse?.name ?? null,
  },
  {
    key: 'tags',
    en: 'Tags',
    zh: '标签',
    value: (r, lang) =>
      [...r.tags]
        .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id)
        .map((t) => t.name)
        .join(lang === 'zh' ? '、' : ', '),
  },
  { key: 'referralFrom', en: 'Referred by (QQ)', zh: '推荐人QQ', value: (r) => r.customer.referralFrom },
  {
    key: 'lastFollowUpAt',
    en: 'Last follow-up',
    zh: '最近跟进时间',
    value: (r) => r.customer.lastFollowUpAt,
    width: 20,
  },
  { key: 'createdAt', en: 'Created', zh: '创建时间', value: (r) => r.customer.createdAt, width: 20 },
];

export const CUSTOMER_EXPORT: ListExport<CustomerExportRow> = {
  filename: { en: 'customers', zh: '客户' },
  columns: CUSTOMER_EXPORT_COLUMNS,
};

/** The customers of the list's filters and record scope, read in keyset-paged batches. */
@Injectable()
export class CustomerExportService {
  /** Rows per query (tests set a small one to cross batch boundaries). */
  batchSize = CUSTOMER_EXPORT_BATCH_SIZE;

  constructor(private readonly lists: CustomerListService) {}

  /** Every customer the list would show for `query` (all pages), by id (see `keysetBatches`). */
  rows(query: CustomerListQuery, actor: Actor): AsyncGenerator<CustomerExportRow> {
    return readableRows(actor, 'customers.read', () => this.batches(query, actor));
  }

  private async *batches(query: CustomerListQuery, actor: Actor): AsyncGenerator<CustomerExportRow> {
    const batches = keysetBatches(() => this.lists.filtered(query, actor), {
      batchSize: this.batchSize,
      read: async (qb) => {
        const { entities, raw } = await qb.getRawAndEntities();
        const tags = tagsOfRows(raw);
        return entities.map((customer) => ({ customer, tags: tags.get(customer.id) ?? [] }));
      },
      idOf: (row) => row.customer.id,
    });
    for await (const batch of batches) yield* batch;
  }
}
