import type { Lang } from '../../common/codes/code-table.js';
import {
  ContactRelation,
  CustomerSource,
  CustomerStatus,
  EnrollmentStatus,
  FeedbackPriority,
  FeedbackStatus,
  FeedbackType,
  FollowUpIntention,
  PaymentMethod,
  PaymentType,
} from '../../common/codes/codes.js';
import type { CustomerOverviewDto } from '../../customers/dto/overview.dto.js';
import { fenToYuan, formatExportDate } from '../export/stream-export.js';
import { drawFields, drawHeading, drawNote, drawTitle, type Pdf } from './pdf-document.js';
import { printYuan } from './print-format.js';
import { drawReportTable } from './report-pdf.js';
import {
  buildTable,
  countColumn,
  dateColumn,
  longTextColumn,
  moneyColumn,
  textColumn,
  type Bilingual,
  type ReportTable,
  type TableContext,
} from './report-tables.js';

type Overview = CustomerOverviewDto;
const NONE = { en: '(none)', zh: '（无）' };
const TITLES = {
  contacts: { en: 'Contacts', zh: '联系人' },
  followUps: { en: 'Latest follow-ups', zh: '最近跟进记录' },
  enrollments: { en: 'Enrollments', zh: '报名' },
  payments: { en: 'Latest payments and refunds', zh: '最近缴费与退费' },
  feedback: { en: 'Open service feedback', zh: '未结服务反馈' },
} satisfies Record<string, Bilingual>;

const t = (lang: Lang, en: string, zh: string) => (lang === 'zh' ? zh : en);

function customerFields(o: Overview, { lang, timeZone }: TableContext): [string, string][] {
  const c = o.customer;
  const when = (date: Date | null) => (date ? formatExportDate(new Date(date), timeZone) : '');
  return [
    [t(lang, 'Number', '编号'), c.number],
    [t(lang, 'Name', '姓名'), c.name ?? ''],
    [t(lang, 'Phone', '电话'), c.phone ?? ''],
    [t(lang, 'QQ', 'QQ'), [c.qq, c.qqName && `(${c.qqName})`].filter(Boolean).join(' ')],
    [t(lang, 'Source', '来源'), CustomerSource.label(c.source, lang)],
    [t(lang, 'Referred by (QQ)', '推荐人QQ'), c.referralFrom ?? ''],
    [t(lang, 'Status', '状态'), CustomerStatus.label(c.status, lang)],
    [t(lang, 'Consultant', '咨询顾问'), c.consultant?.name ?? ''],
    [t(lang, 'Course asked about', '咨询课程'), c.consultCourse?.name ?? ''],
    [t(lang, 'Tags', '标签'), c.tags.map((tag) => tag.name).join(lang === 'zh' ? '、' : ', ')],
    [
      t(lang, 'Latest intention', '最新意向'),
      c.latestIntention === null ? '' : FollowUpIntention.label(c.latestIntention, lang),
    ],
    [t(lang, 'Last follow-up', '最近跟进'), when(c.lastFollowUpAt)],
    [t(lang, 'Created', '创建时间'), when(c.createdAt)],
    [t(lang, 'Updated', '更新时间'), when(c.updatedAt)],
    [t(lang, 'Consultation', '咨询内容'), c.content ?? ''],
    [t(lang, 'Memo', '备注'), c.memo ?? ''],
  ];
}

/** The sections as tables; a section the reader may not see (null in the overview) is a title without a table. */
function sections(o: Overview, context: TableContext): { title: Bilingual; table: ReportTable | null }[] {
  const date = (d: Date | null) => (d ? new Date(d) : null);
  const contacts = buildTable(
    TITLES.contacts,
    o.contacts,
    [
      textColumn('name', 'Name', '姓名', (r) => r.name),
      textColumn('relation', 'Relation', '关系', (r, lang) => ContactRelation.label(r.relation, lang)),
      textColumn('phone', 'Phone', '电话', (r) => r.phone),
      textColumn('wechat', 'WeChat', '微信', (r) => r.wechat),
      textColumn('qq', 'QQ', 'QQ', (r) => r.qq),
      textColumn('email', 'Email', '邮箱', (r) => r.email),
      textColumn('memo', 'Memo', '备注', (r) => r.memo),
    ],
    context,
  );
  const followUps =
    o.followUps &&
    buildTable(
      TITLES.followUps,
      o.followUps,
      [
        dateColumn('createdAt', 'When', '时间', (r) => date(r.createdAt)),
        textColumn('consultant', 'Consultant', '顾问', (r) => r.consultantName),
        textColumn('intention', 'Intention', '意向', (r, lang) => FollowUpIntention.label(r.intention, lang)),
        longTextColumn('content', 'Content', '内容', (r) => r.content),
        dateColumn('next', 'Next follow-up', '下次跟进', (r) => date(r.nextFollowUpAt)),
      ],
      context,
    );
  const enrollments =
    o.enrollments &&
    buildTable(
      TITLES.enrollments,
      o.enrollments,
      [
        textColumn('number', 'Number', '编号', (r) => r.number),
        textColumn('class', 'Class', '班级', (r, lang) => (lang === 'zh' ? r.displayNameZh : r.displayName)),
        textColumn('status', 'State', '状态', (r, lang) => EnrollmentStatus.label(r.status, lang)),
        countColumn('purchased', 'Lessons bought', '购买课时', (r) => r.lessons.purchased),
        countColumn('used', 'Used', '已用', (r) => r.lessons.used),
        countColumn('remaining', 'Remaining', '剩余', (r) => r.lessons.remaining),
        dateColumn('createdAt', 'Created', '创建时间', (r) => date(r.createdAt)),
      ],
      context,
    );
  const payments =
    o.payments &&
    buildTable(
      TITLES.payments,
      o.payments.recent,
      [
        textColumn('number', 'Number', '编号', (r) => r.number),
        dateColumn('paidAt', 'Paid at', '时间', (r) => date(r.paidAt)),
        textColumn('type', 'Type', '类型', (r, lang) => PaymentType.label(r.type, lang)),
        textColumn('method', 'Method', '方式', (r, lang) => PaymentMethod.label(r.method, lang)),
        moneyColumn('amount', 'Amount (CNY)', '金额（元）', (r) => r.amount),
        textColumn('course', 'Course', '课程', (r) => r.courseName),
        textColumn('consultant', 'Consultant', '顾问', (r) => r.consultantName),
      ],
      context,
    );
  const feedback =
    o.openFeedback &&
    buildTable(
      TITLES.feedback,
      o.openFeedback,
      [
        textColumn('number', 'Number', '编号', (r) => r.number),
        dateColumn('createdAt', 'Created', '创建时间', (r) => date(r.createdAt)),
        textColumn('title', 'Title', '标题', (r) => r.title),
        textColumn('type', 'Type', '类型', (r, lang) => FeedbackType.label(r.type, lang)),
        textColumn('priority', 'Priority', '优先级', (r, lang) => FeedbackPriority.label(r.priority, lang)),
        textColumn('status', 'Status', '状态', (r, lang) => FeedbackStatus.label(r.status, lang)),
        textColumn('assignee', 'Assignee', '处理人', (r) => r.assigneeName),
      ],
      context,
    );
  return [
    { title: TITLES.contacts, table: contacts },
    { title: TITLES.followUps, table: followUps },
    { title: TITLES.enrollments, table: enrollments },
    { title: TITLES.payments, table: payments },
    { title: TITLES.feedback, table: feedback },
  ];
}

/** The printable customer profile: the customer's fields, then contacts, follow-ups, enrollments, payments, feedback. */
export function drawCustomerProfile(doc: Pdf, o: Overview, context: TableContext, printed: string): void {
  const { lang } = context;
  const name = o.customer.name ?? o.customer.number;
  drawTitle(doc, `${t(lang, 'Customer profile', '客户档案')} · ${name}`, [
    `${o.customer.number} · ${t(lang, 'Printed', '打印时间')} ${printed}`,
  ]);
  drawFields(doc, customerFields(o, context));
  if (o.payments) {
    drawHeading(doc, t(lang, 'Payment totals', '缴费合计'));
    drawFields(doc, [
      [t(lang, 'Paid', '已缴'), printYuan(fenToYuan(o.payments.paid))],
      [t(lang, 'Refunded', '已退'), printYuan(fenToYuan(o.payments.refunded))],
      [t(lang, 'Net', '净额'), printYuan(fenToYuan(o.payments.net))],
    ]);
  }
  for (const section of sections(o, context)) {
    if (section.table) drawReportTable(doc, section.table, lang, NONE);
    else {
      drawHeading(doc, section.title[lang]);
      drawNote(doc, t(lang, '(not shown: your role may not read this)', '（未显示：您的角色无权查看）'));
    }
  }
}
