import { Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, type Relation } from 'typeorm';
import { Staff } from '../../auth/entities/staff.entity.js';
import { CodeColumn } from '../../common/codes/code-column.js';
import { ClassType } from '../../common/codes/codes.js';
import { EditableRecord } from '../../common/entities/base.entity.js';
import { Branch } from './branch.entity.js';
import { Course } from './course.entity.js';

/** A class: one semester of a course at a campus (the seed's ClassList). */
@Entity('school_class')
@Index('UQ_school_class_branch_course_semester', ['branchId', 'courseId', 'semester'], { unique: true })
export class SchoolClass extends EditableRecord {
  @Column({ type: 'integer' })
  branchId: number;

  @ManyToOne(() => Branch, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'branch_id' })
  branch: Relation<Branch>;

  @Index('IDX_school_class_course_id')
  @Column({ type: 'integer' })
  courseId: number;

  @ManyToOne(() => Course, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'course_id' })
  course: Relation<Course>;

  @CodeColumn(ClassType)
  classType: number;

  @Column({ type: 'smallint' })
  semester: number;

  @ManyToMany(() => Staff, { cascade: false })
  @JoinTable({
    name: 'class_teachers',
    joinColumn: { name: 'class_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'staff_id', referencedColumnName: 'id' },
  })
  teachers: Relation<Staff>[];

  /** 'YYYY-MM-DD' */
  @Index('IDX_school_class_start_date')
  @Column({ type: 'date' })
  startDate: string;

  /** 'YYYY-MM-DD' */
  @Index('IDX_school_class_end_date')
  @Column({ type: 'date', nullable: true })
  endDate: string | null;
}
