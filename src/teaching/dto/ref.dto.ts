/** A related record by id and name (campus, course, teacher). */
export class NamedRefDto {
  id: number;
  name: string;
}

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
