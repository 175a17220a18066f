import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { CodeColumn } from '../../common/codes/code-column.js';
import { ContactRelation } from '../../common/codes/codes.js';
import { EditableRecord } from '../../common/entities/base.entity.js';
import { Customer } from './customer.entity.js';

/** A contact person of a customer (the seed's requirement "contacts belonging to a customer"). */
@Entity('contact')
export class Contact extends EditableRecord {
  @Index('IDX_contact_customer_id')
  @Column({ type: 'integer' })
  customerId: number;

  @ManyToOne(() => Customer, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'customer_id' })
  customer: Relation<Customer>;

  @Column({ type: 'varchar', length: 32 })
  name: string;

  @CodeColumn(ContactRelation)
  relation: number;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  wechat: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  qq: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  email: string | null;

  @Column({ type: 'text', nullable: true })
  memo: string | null;
}
