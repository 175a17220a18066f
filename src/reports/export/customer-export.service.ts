import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { CustomerSource, CustomerStatus, FollowUpIntention } from '../../common/codes/codes.js';
import { parseJsonArray } from '../../common/database/sql-dialect.js';
import { readableNumber } from '../../common/entities/base.entity.js';
import { CustomerListService } from '../../customers/customer-list.service.js';
import type { CustomerListQuery, RefDto } from '../../customers/dto/customer.dto.js';
import { CUSTOMER_NUMBER_PREFIX } from '../../customers/entities/customer.entity.js';
import { EXPORT_BATCH_SIZE, keysetBatches } from './keyset-batches.js';
import { readableBatches, type ListExport } from './list-export.js';
import type { ExportColumn } from './stream-export.js';

/** Rows read per query (see EXPORT_BATCH_SIZE). */
export const CUSTOMER_EXPORT_BATCH_SIZE = EXPORT_BATCH_SIZE;

/** A customer row of the export, as read from the list's query (`CustomerListService.filtered`). */
export interface CustomerExportRow {
  id: number;
  name: string | null;
  qq: string | null;
  qqName: string | null;
  phone: string | null;
  source: number;
  status: number;
  latestIntention: number | null;
  consultant: string | null;
  course: string | null;
  /** The tags as the query aggregates them (JSON; see `parseJsonArray`). */
  tags: unknown;
  referralFrom: string | null;
  lastFollowUpAt: Date | null;
  createdAt: Date;
}

const FIELDS: ListExport<CustomerExportRow>['fields'] = {
  id: 'c.id',
  name: 'c.name',
  qq: 'c.qq',
  qqName: 'c.qqName',
  phone: 'c.phone',
  source: 'c.source',
  status: 'c.status',
  latestIntention: 'c.latestIntention',
  consultant: 'consultant.name',
  course: 'course.name',
  tags: 'tags_json',
  referralFrom: 'c.referralFrom',
  lastFollowUpAt: 'c.lastFollowUpAt',
  createdAt: 'c.createdAt',
};

/** Tag names sorted (the aggregate has no order), joined as a list reads in `lang`. */
function tagNames(tags: unknown, lang: 'en' | 'zh'): string {
  const list = parseJsonArray<RefDto>(tags);
  if (list.length > 1) list.sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
  return list.map((t) => t.name).join(lang === 'zh' ? '、' : ', ');
}

export const CUSTOMER_EXPORT_COLUMNS: readonly ExportColumn<CustomerExportRow>[] = [
  { key: 'number', en: 'Number', zh: '编号', value: (r) => readableNumber(CUSTOMER_NUMBER_PREFIX, r.id), width: 12 },
  { key: 'name', en: 'Name', zh: '姓名', value: (r) => r.name },
  { key: 'qq', en: 'QQ', zh: 'QQ', value: (r) => r.qq, width: 14 },
  { key: 'qqName', en: 'QQ nickname', zh: 'QQ昵称', value: (r) => r.qqName },
  { key: 'phone', en: 'Phone', zh: '电话', value: (r) => r.phone, width: 16 },
  { key: 'source', en: 'Source', zh: '来源', value: (r, lang) => CustomerSource.label(r.source, lang) },
  { key: 'status', en: 'Status', zh: '状态', value: (r, lang) => CustomerStatus.label(r.status, lang) },
  {
    key: 'latestIntention',
    en: 'Latest intention',
    zh: '最新意向',
    value: (r, lang) => (r.latestIntention === null ? null : FollowUpIntention.label(r.latestIntention, lang)),
  },
  { key: 'consultant', en: 'Consultant', zh: '咨询顾问', value: (r) => r.consultant },
  { key: 'consultCourse', en: 'Course asked about', zh: '咨询课程', value: (r) => r.course },
  { key: 'tags', en: 'Tags', zh: '标签', value: (r, lang) => tagNames(r.tags, lang) },
  { key: 'referralFrom', en: 'Referred by (QQ)', zh: '推荐人QQ', value: (r) => r.referralFrom },
  { key: 'lastFollowUpAt', en: 'Last follow-up', zh: '最近跟进时间', value: (r) => r.lastFollowUpAt, width: 20 },
  { key: 'createdAt', en: 'Created', zh: '创建时间', value: (r) => r.createdAt, width: 20 },
];

export const CUSTOMER_EXPORT: ListExport<CustomerExportRow> = {
  filename: { en: 'customers', zh: '客户' },
  fields: FIELDS,
  columns: CUSTOMER_EXPORT_COLUMNS,
};

/** The customers of the list's filters and record scope, read in keyset-paged batches. */
@Injectable()
export class CustomerExportService {
  /** Rows per query (tests set a small one to cross batch boundaries). */
  batchSize = CUSTOMER_EXPORT_BATCH_SIZE;

  constructor(private readonly lists: CustomerListService) {}

  /** Every customer the list would show for `query` (all pages), by id (see `keysetBatches`). */
  batches(query: CustomerListQuery, actor: Actor): AsyncGenerator<CustomerExportRow[]> {
    return readableBatches(actor, 'customers.read', () =>
      keysetBatches(() => this.lists.filtered(query, actor), FIELDS, this.batchSize),
    );
  }
}
