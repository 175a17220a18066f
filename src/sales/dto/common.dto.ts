import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/;
const DATE_OR_DATE_TIME = new RegExp(`^\\d{4}-\\d{2}-\\d{2}$|${DATE_TIME.source}`);

/** An ISO 8601 date-time with its time zone, e.g. `2026-03-01T10:00:00+08:00`. */
export const IsDateTime = () =>
  applyDecorators(
    IsISO8601({ strict: true }, { message: '$property must be an ISO 8601 date-time' }),
    Matches(DATE_TIME, { message: '$property must be a date-time with a time zone, e.g. 2026-03-01T10:00:00+08:00' }),
  );

/** A day (`2026-03-01`, in the school's time zone) or an exact date-time with its time zone. */
export const IsDateOrDateTime = () =>
  applyDecorators(
    IsISO8601({ strict: true }, { message: '$property must be an ISO 8601 date or date-time' }),
    Matches(DATE_OR_DATE_TIME, {
      message: '$property must be a date (2026-03-01) or a date-time with a time zone (2026-03-01T10:00:00+08:00)',
    }),
  );

export class CustomerRefDto {
  id: number;
  /** Readable number, e.g. C-000123. */
  number: string;
  name: string | null;
}

export class StaffRefDto {
  id: number;
  name: string;
}
