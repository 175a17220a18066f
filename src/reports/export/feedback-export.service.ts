import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { FeedbackChannel, FeedbackPriority, FeedbackStatus, FeedbackType } from '../../common/codes/codes.js';
import { readableNumber } from '../../common/entities/base.entity.js';
import type { FeedbackListQuery } from '../../feedback/dto/feedback.dto.js';
import { FEEDBACK_NUMBER_PREFIX } from '../../feedback/entities/feedback.entity.js';
import { FeedbackService } from '../../feedback/feedback.service.js';
import { EXPORT_BATCH_SIZE, keysetBatches } from './keyset-batches.js';
import { classColumn, customerNumberColumn, type ListExport, readableBatches } from './list-export.js';

/** A feedback row of the export, as read from the list's query (`FeedbackService.filtered`) and its class. */
export interface FeedbackExportRow {
  id: number;
  createdAt: Date;
  customerId: number;
  customer: string | null;
  semester: number | null;
  course: string | null;
  campus: string | null;
  type: number;
  channel: number;
  priority: number;
  status: number;
  title: string;
  content: string;
  assignee: string | null;
  createdBy: string | null;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  resolution: string | null;
  satisfaction: number | null;
  satisfactionComment: string | null;
}

export const FEEDBACK_EXPORT: ListExport<FeedbackExportRow> = {
  filename: { en: 'feedback', zh: '服务反馈' },
  fields: {
    id: 'f.id',
    createdAt: 'f.createdAt',
    customerId: 'c.id',
    customer: 'c.name',
    semester: 'k.semester',
    course: 'kc.name',
    campus: 'kb.name',
    type: 'f.type',
    channel: 'f.channel',
    priority: 'f.priority',
    status: 'f.status',
    title: 'f.title',
    content: 'f.content',
    assignee: 'a.name',
    createdBy: 'cb.name',
    firstResponseAt: 'f.firstResponseAt',
    resolvedAt: 'f.resolvedAt',
    closedAt: 'f.closedAt',
    resolution: 'f.resolution',
    satisfaction: 'f.satisfaction',
    satisfactionComment: 'f.satisfactionComment',
  },
  columns: [
    { key: 'number', en: 'Number', zh: '编号', value: (f) => readableNumber(FEEDBACK_NUMBER_PREFIX, f.id), width: 12 },
    { key: 'createdAt', en: 'Created', zh: '创建时间', value: (f) => f.createdAt, width: 20 },
    customerNumberColumn(),
    { key: 'customer', en: 'Customer', zh: '客户', value: (f) => f.customer },
    classColumn(),
    { key: 'type', en: 'Type', zh: '类型', value: (f, lang) => FeedbackType.label(f.type, lang) },
    { key: 'channel', en: 'Channel', zh: '渠道', value: (f, lang) => FeedbackChannel.label(f.channel, lang) },
    { key: 'priority', en: 'Priority', zh: '优先级', value: (f, lang) => FeedbackPriority.label(f.priority, lang) },
    { key: 'status', en: 'Status', zh: '状态', value: (f, lang) => FeedbackStatus.label(f.status, lang) },
    { key: 'title', en: 'Title', zh: '标题', value: (f) => f.title, width: 32 },
    { key: 'content', en: 'Content', zh: '内容', value: (f) => f.content, width: 48 },
    { key: 'assignee', en: 'Assignee', zh: '处理人', value: (f) => f.assignee },
    { key: 'createdBy', en: 'Recorded by', zh: '记录人', value: (f) => f.createdBy },
    { key: 'firstResponseAt', en: 'First response', zh: '首次响应时间', value: (f) => f.firstResponseAt, width: 20 },
    { key: 'resolvedAt', en: 'Resolved', zh: '解决时间', value: (f) => f.resolvedAt, width: 20 },
    { key: 'closedAt', en: 'Closed', zh: '关闭时间', value: (f) => f.closedAt, width: 20 },
    { key: 'resolution', en: 'Resolution', zh: '处理结果', value: (f) => f.resolution, width: 32 },
    { key: 'satisfaction', en: 'Satisfaction (1-5)', zh: '满意度(1-5)', value: (f) => f.satisfaction, width: 12 },
    { key: 'satisfactionComment', en: 'Satisfaction comment', zh: '满意度评价', value: (f) => f.satisfactionComment },
  ],
};

/** The feedback tickets of the list's filters (status included) and record scope, in keyset batches. */
@Injectable()
export class FeedbackExportService {
  /** Rows per query (tests set a small one to cross batch boundaries). */
  batchSize = EXPORT_BATCH_SIZE;

  constructor(private readonly feedback: FeedbackService) {}

  batches(query: FeedbackListQuery, actor: Actor): AsyncGenerator<FeedbackExportRow[]> {
    // one "now" for the whole file, so `overdue` means the same in every batch
    const now = new Date();
    return readableBatches(actor, 'feedback.read', () =>
      keysetBatches(
        () =>
          this.feedback
            .filtered(query, actor, now)
            .leftJoin('f.schoolClass', 'k')
            .addSelect(['k.id', 'k.semester'])
            .leftJoin('k.course', 'kc')
            .addSelect(['kc.id', 'kc.name'])
            .leftJoin('k.branch', 'kb')
            .addSelect(['kb.id', 'kb.name']),
        FEEDBACK_EXPORT.fields,
        this.batchSize,
      ),
    );
  }
}
