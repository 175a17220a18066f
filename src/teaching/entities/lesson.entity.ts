import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Staff } from '../../auth/entities/staff.entity.js';
import { EditableRecord } from '../../common/entities/base.entity.js';
import { SchoolClass } from './school-class.entity.js';

/** A lesson held for a class (the seed's CourseRecord). */
@Entity('lesson')
@Index('UQ_lesson_class_day_num', ['classId', 'dayNum'], { unique: true })
export class Lesson extends EditableRecord {
  @Column({ type: 'integer' })
  classId: number;

  @ManyToOne(() => SchoolClass, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'class_id' })
  schoolClass: Relation<SchoolClass>;

  /** Lesson number within the class. */
  @Column({ type: 'smallint' })
  dayNum: number;

  @Index('IDX_lesson_teacher_id')
  @Column({ type: 'integer' })
  teacherId: number;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'teacher_id' })
  teacher: Relation<Staff>;

  @Column({ type: 'boolean', default: true })
  hasHomework: boolean;

  @Column({ type: 'varchar', length: 128, nullable: true })
  homeworkTitle: string | null;

  @Column({ type: 'text', nullable: true })
  homeworkContent: string | null;

  @Column({ type: 'text' })
  outline: string;

  /** 'YYYY-MM-DD' */
  @Index('IDX_lesson_date')
  @Column({ type: 'date' })
  date: string;
}
