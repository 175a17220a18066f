/**
 * How the reports page shows each report (the JSON of GET /api/v1/reports/<name>): its totals, its tables and
 * its charts, by path into the report. Labels are `components.ReportsPage.columns.<key>` / `sections.<key>`.
 */

/** How a value is shown: a number, money in fen, a rate 0..1, a code label {en, zh}, a class, a date, text. */
export type CellKind = 'count' | 'fen' | 'rate' | 'decimal' | 'label' | 'class' | 'date' | 'text';

export interface ColumnView {
  /** The label key (columns.<key>); also the path in the row unless `path` is given. */
  key: string;
  path?: string;
  kind: CellKind;
}

export interface SectionView {
  key: string;
  /** Path of the rows' array in the report. */
  rows: string;
  columns: ColumnView[];
}

export interface ChartView {
  /** The section whose rows it draws (its title is the section's). */
  section: string;
  type: 'bar' | 'line';
  /** The column giving each bar's label, and the columns drawn (numbers of one kind). */
  label: ColumnView;
  values: string[];
  unit: 'count' | 'fen' | 'rate';
}

export interface ReportView {
  totals: ColumnView[];
  sections: SectionView[];
  charts: ChartView[];
}

const count = (key: string, path?: string): ColumnView => ({ key, path, kind: 'count' });
const fen = (key: string): ColumnView => ({ key, kind: 'fen' });
const rate = (key: string): ColumnView => ({ key, kind: 'rate' });
const decimal = (key: string): ColumnView => ({ key, kind: 'decimal' });
const label = (key: string): ColumnView => ({ key, kind: 'label' });
const text = (key: string, path?: string): ColumnView => ({ key, path, kind: 'text' });
const schoolClass: ColumnView = { key: 'class', kind: 'class' };
const month = text('month');
const consultant = text('consultant', 'consultant.name');

const FUNNEL = [
  count('newCustomers'),
  count('followedUp'),
  count('enrolled'),
  rate('followUpRate'),
  rate('conversionRate'),
];
const FOLLOW_UPS = [
  count('followUps'),
  count('customersFollowedUp'),
  count('overdue'),
  count('dueToday'),
  count('dueNext7Days'),
];
const SALES = [
  fen('paid'),
  fen('refunded'),
  fen('net'),
  count('payments'),
  count('refunds'),
  count('enrollments'),
  fen('averagePerEnrollment'),
];
const ATTENDANCE = [count('records'), rate('attendanceRate'), count('absent'), decimal('averageScore')];
const SERVICE = [
  count('tickets'),
  count('responded'),
  decimal('averageFirstResponseHours'),
  count('resolved'),
  decimal('averageResolutionHours'),
  count('overdue'),
  decimal('averageSatisfaction'),
];
const CHANNELS = [
  fen('spend'),
  count('newLeads'),
  count('enrolled'),
  fen('revenue'),
  fen('net'),
  fen('costPerLead'),
  fen('costPerEnrolled'),
  decimal('returnOnSpend'),
];
const LOSSES = [count('lost'), count('withOfferedPrice'), fen('averageOfferedPrice')];
const competitor = text('competitor', 'competitor.name');
const at = (prefix: string, columns: ColumnView[]) =>
  columns.map((column) => ({ ...column, path: `${prefix}.${column.path ?? column.key}` }));

export const REPORT_VIEWS: Record<string, ReportView> = {
  funnel: {
    totals: at('totals', FUNNEL),
    sections: [
      { key: 'byMonth', rows: 'byMonth', columns: [month, ...FUNNEL] },
      { key: 'bySource', rows: 'bySource', columns: [label('source'), ...FUNNEL] },
      { key: 'byConsultant', rows: 'byConsultant', columns: [consultant, ...FUNNEL] },
    ],
    charts: [
      { section: 'byMonth', type: 'bar', label: month, values: ['newCustomers', 'enrolled'], unit: 'count' },
      { section: 'bySource', type: 'bar', label: label('source'), values: ['newCustomers', 'enrolled'], unit: 'count' },
    ],
  },
  'follow-ups': {
    totals: at('totals', FOLLOW_UPS),
    sections: [
      { key: 'intentions', rows: 'intentions', columns: [label('intention'), count('customers'), rate('share')] },
      { key: 'byConsultant', rows: 'byConsultant', columns: [consultant, ...FOLLOW_UPS] },
    ],
    charts: [
      { section: 'intentions', type: 'bar', label: label('intention'), values: ['customers'], unit: 'count' },
      { section: 'byConsultant', type: 'bar', label: consultant, values: ['overdue', 'dueToday'], unit: 'count' },
    ],
  },
  sales: {
    totals: at('totals', SALES),
    sections: [
      { key: 'byMonth', rows: 'byMonth', columns: [month, ...SALES] },
      { key: 'byCampus', rows: 'byCampus', columns: [text('campus', 'campus.name'), ...SALES] },
      { key: 'byCourse', rows: 'byCourse', columns: [text('course', 'course.name'), ...SALES] },
      { key: 'byConsultant', rows: 'byConsultant', columns: [consultant, ...SALES] },
    ],
    charts: [
      { section: 'byMonth', type: 'line', label: month, values: ['paid', 'net'], unit: 'fen' },
      { section: 'byCampus', type: 'bar', label: text('campus', 'campus.name'), values: ['net'], unit: 'fen' },
    ],
  },
  enrollments: {
    totals: [
      count('enrollments', 'totals.enrollments'),
      count('awaiting', 'awaitingApproval.count'),
      count('purchased', 'lessonBalances.purchased'),
      count('used', 'lessonBalances.used'),
      count('remaining', 'lessonBalances.remaining'),
    ],
    sections: [
      { key: 'states', rows: 'totals.states', columns: [label('status'), count('enrollments')] },
      { key: 'byClass', rows: 'byClass', columns: [schoolClass, count('enrollments')] },
      { key: 'byCourse', rows: 'byCourse', columns: [text('course', 'course.name'), count('enrollments')] },
      {
        key: 'awaitingApproval',
        rows: 'awaitingApproval.head',
        columns: [
          text('number'),
          text('customer', 'customer.name'),
          schoolClass,
          consultant,
          { key: 'contractAgreedAt', kind: 'date' },
        ],
      },
      {
        key: 'lowBalances',
        rows: 'lessonBalances.low',
        columns: [
          text('number'),
          text('customer', 'customer.name'),
          schoolClass,
          count('purchased'),
          count('used'),
          count('remaining'),
        ],
      },
    ],
    charts: [
      { section: 'states', type: 'bar', label: label('status'), values: ['enrollments'], unit: 'count' },
      {
        section: 'byCourse',
        type: 'bar',
        label: text('course', 'course.name'),
        values: ['enrollments'],
        unit: 'count',
      },
    ],
  },
  teaching: {
    totals: at('totals', ATTENDANCE),
    sections: [
      { key: 'byClass', rows: 'byClass', columns: [schoolClass, count('students'), count('lessons'), ...ATTENDANCE] },
      {
        key: 'lessonsByTeacher',
        rows: 'lessonsByTeacher',
        columns: [text('teacher', 'teacher.name'), count('lessons')],
      },
      {
        key: 'byStudent',
        rows: 'byStudent',
        columns: [text('customer', 'customer.name'), schoolClass, ...ATTENDANCE],
      },
    ],
    charts: [
      { section: 'byClass', type: 'bar', label: schoolClass, values: ['attendanceRate'], unit: 'rate' },
      {
        section: 'lessonsByTeacher',
        type: 'bar',
        label: text('teacher', 'teacher.name'),
        values: ['lessons'],
        unit: 'count',
      },
    ],
  },
  service: {
    totals: at('totals', SERVICE),
    sections: [
      { key: 'byStatus', rows: 'byStatus', columns: [label('status'), ...SERVICE] },
      { key: 'byType', rows: 'byType', columns: [label('type'), ...SERVICE] },
      { key: 'byPriority', rows: 'byPriority', columns: [label('priority'), ...SERVICE] },
    ],
    charts: [
      { section: 'byStatus', type: 'bar', label: label('status'), values: ['tickets'], unit: 'count' },
      { section: 'byType', type: 'bar', label: label('type'), values: ['tickets', 'overdue'], unit: 'count' },
    ],
  },
  channels: {
    totals: at('totals', CHANNELS),
    sections: [
      { key: 'bySource', rows: 'bySource', columns: [label('source'), ...CHANNELS] },
      { key: 'byMonth', rows: 'byMonth', columns: [month, ...CHANNELS] },
      { key: 'bySourceMonth', rows: 'bySourceMonth', columns: [month, label('source'), ...CHANNELS] },
    ],
    charts: [
      { section: 'bySource', type: 'bar', label: label('source'), values: ['spend', 'revenue'], unit: 'fen' },
      { section: 'byMonth', type: 'line', label: month, values: ['spend', 'revenue'], unit: 'fen' },
    ],
  },
  competitors: {
    totals: at('totals', LOSSES),
    sections: [
      { key: 'byCompetitor', rows: 'byCompetitor', columns: [competitor, ...LOSSES] },
      { key: 'byReason', rows: 'byReason', columns: [competitor, label('reason'), ...LOSSES] },
      { key: 'byCourse', rows: 'byCourse', columns: [competitor, text('course', 'course.name'), ...LOSSES] },
      { key: 'byCompetitorMonth', rows: 'byMonth', columns: [competitor, month, ...LOSSES] },
    ],
    charts: [{ section: 'byCompetitor', type: 'bar', label: competitor, values: ['lost'], unit: 'count' }],
  },
};

/** The value at a dotted path (`consultant.name`). */
export function valueAt(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined),
      value,
    );
}
