import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The acquisition funnel per UTC day of creation, source and consultant: how many live (not soft-deleted)
 * customers were created that day, how many of them have been followed up (lastFollowUpAt set) and how many
 * are enrolled (status enrolled, or an approved enrollment). Kept in the writer's transaction by
 * customers/funnel/funnel-days.ts; the funnel report sums it instead of counting customers one by one.
 * Days are UTC so that the table does not depend on REPORT_TIMEZONE: the report counts the customers of a UTC
 * day that a school month boundary or the range's ends cut through from the customer table itself.
 */
@Entity('customer_funnel_day')
export class CustomerFunnelDay {
  /** 'YYYY-MM-DD', the UTC date of the customers' createdAt. */
  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ type: 'smallint' })
  source: number;

  @PrimaryColumn({ type: 'integer' })
  consultantId: number;

  @Column({ type: 'integer', default: 0 })
  newCustomers: number;

  @Column({ type: 'integer', default: 0 })
  followedUp: number;

  @Column({ type: 'integer', default: 0 })
  enrolled: number;
}
