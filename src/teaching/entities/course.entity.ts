import { Column, Entity, Index } from 'typeorm';
import { EditableRecord } from '../../common/entities/base.entity.js';

/** A course on sale (the seed's Course). */
@Entity('course')
export class Course extends EditableRecord {
  @Index('UQ_course_name', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** Integer fen (1/100 CNY). */
  @Column({ type: 'integer' })
  price: number;

  @Column({ type: 'smallint' })
  periodMonths: number;

  @Column({ type: 'text' })
  outline: string;

  @Column({ type: 'smallint', default: 0 })
  lessonCount: number;

  /** Copied into each enrollment's contract when the enrollment is created. */
  @Column({ type: 'text', nullable: true })
  contractTemplate: string | null;
}
