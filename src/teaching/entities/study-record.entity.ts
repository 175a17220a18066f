import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { CodeColumn } from '../../common/codes/code-column.js';
import { Attendance, Score } from '../../common/codes/codes.js';
import { EditableRecord } from '../../common/entities/base.entity.js';
import { Enrollment } from '../../enrollment/entities/enrollment.entity.js';
import { Lesson } from './lesson.entity.js';

/** One enrolled student at one lesson: attendance and score (the seed's StudyRecord). */
@Entity('study_record')
@Index('UQ_study_record_enrollment_lesson', ['enrollmentId', 'lessonId'], { unique: true })
export class StudyRecord extends EditableRecord {
  /** The seed's `student`. */
  @Column({ type: 'integer' })
  enrollmentId: number;

  @ManyToOne(() => Enrollment, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'enrollment_id' })
  enrollment: Relation<Enrollment>;

  @Index('IDX_study_record_lesson_id')
  @Column({ type: 'integer' })
  lessonId: number;

  @ManyToOne(() => Lesson, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'lesson_id' })
  lesson: Relation<Lesson>;

  @CodeColumn(Attendance)
  attendance: number;

  @CodeColumn(Score)
  score: number;

  @Column({ type: 'text', nullable: true })
  memo: string | null;
}
