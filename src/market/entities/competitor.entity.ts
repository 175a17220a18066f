import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Staff } from '../../auth/entities/staff.entity.js';
import { EditableRecord } from '../../common/entities/base.entity.js';

/** A course a competitor sells, with its price range in integer fen. */
export interface CompetitorCourse {
  name: string;
  minPrice: number | null;
  maxPrice: number | null;
}

/** Another school that sells courses to the same customers (market intelligence). */
@Entity('competitor')
export class Competitor extends EditableRecord {
  @Index('UQ_competitor_name', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  website: string | null;

  /** Cities or campuses where it teaches. */
  @Column({ type: 'simple-json' })
  cities: string[];

  /** Courses it sells with their price ranges. */
  @Column({ type: 'simple-json' })
  courses: CompetitorCourse[];

  @Column({ type: 'text', nullable: true })
  strengths: string | null;

  @Column({ type: 'text', nullable: true })
  weaknesses: string | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  /** Who last created or edited it (the audit log keeps every change). */
  @Index('IDX_competitor_updated_by_id')
  @Column({ type: 'integer' })
  updatedById: number;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'updated_by_id' })
  updatedBy: Relation<Staff>;
}
