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

export class CompetitorRefDto {
  id: number;
  name: string;
}
