import { BaseEntity, CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** Sub-second precision on MySQL/MariaDB (6 matches TypeORM's CURRENT_TIMESTAMP(6) defaults; SQLite keeps text). */
export const TIMESTAMP = { type: 'datetime', precision: 6 } as const;

/**
 * Every table: an integer id and creation/update times.
 * Extends TypeORM's BaseEntity because the AdminJS adapter requires it.
 */
export abstract class BaseRecord extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @CreateDateColumn(TIMESTAMP)
  createdAt: Date;

  @UpdateDateColumn(TIMESTAMP)
  updatedAt: Date;
}

/** Records people edit carry a version: an update with a stale version is refused (409). */
export abstract class EditableRecord extends BaseRecord {
  @VersionColumn({ type: 'integer' })
  version: number;
}

/** Readable numbers (C-000123) derive from the id, so they never change. */
export function readableNumber(prefix: string, id: number | undefined): string {
  return id === undefined ? '' : `${prefix}-${String(id).padStart(6, '0')}`;
}

/** Parses a readable number back to its id; undefined when it is not one of `prefix`. */
export function idFromReadableNumber(prefix: string, value: string): number | undefined {
  const match = new RegExp(`^${prefix}-(\\d{1,12})$`, 'i').exec(value.trim());
  return match ? Number(match[1]) : undefined;
}
