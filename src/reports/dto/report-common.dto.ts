/** What a report covers: `from` and `to` as asked (or defaulted), days counted in `timeZone`. */
export class ReportPeriodDto {
  /** A date (a whole day in the school's time zone) or a date-time. */
  from: string;
  /** A date (the whole day) or a date-time, inclusive. */
  to: string;
  /** REPORT_TIMEZONE: the time zone of days and months. */
  timeZone: string;
}

/** A code with its labels, so that a report can be shown without looking up GET /codes. */
export class CodeLabelDto {
  code: number;
  en: string;
  zh: string;
}

/** A staff member, course or campus. */
export class ReportRefDto {
  id: number;
  name: string;
}

export class ClassRefDto {
  id: number;
  /** e.g. `北京校区 · Python · term 3` */
  displayName: string;
  /** e.g. `北京校区 · Python · 第3期` */
  displayNameZh: string;
  campus: ReportRefDto;
  course: ReportRefDto;
}

export class ReportCustomerRefDto {
  id: number;
  /** Readable number, e.g. C-000123. */
  number: string;
  name: string | null;
}
