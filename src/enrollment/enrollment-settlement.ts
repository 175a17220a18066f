import { rowLock } from '../common/entities/load-for-update.js';
import type { EntityManager } from 'typeorm';
import { CustomerStatus, EnrollmentStatus, PaymentType } from '../common/codes/codes.js';
import type { AppConfig } from '../config/app-config.js';
import { Customer } from '../customers/entities/customer.entity.js';
import { Payment } from '../sales/entities/payment.entity.js';
import { Enrollment } from './entities/enrollment.entity.js';

/** `AppConfig['enrollment']`: pass `config.enrollment`. */
export type SettlementPolicy = Pick<AppConfig['enrollment'], 'allowInstalments'>;

export interface Settlement {
  /** Net payments for the enrollment in fen: payments minus refunds. */
  paidNet: number;
  price: number;
  approved: boolean;
  paid: boolean;
  /** True when this call moved the customer to enrolled. */
  customerEnrolled: boolean;
}

const isMysql = (manager: EntityManager) => manager.connection.driver.options.type !== 'better-sqlite3';

/**
 * Moves the customer to `enrolled` once their enrollment is both approved and paid. Call it whenever either
 * side may have changed: after approving (the enrollment service does) and after recording a payment or a
 * refund that names an enrollment (the payments service).
 *
 * Contract:
 * - Call it with the manager of the transaction that made the change, after writing it (the payment row must
 *   already be saved), so the change and its consequence commit together.
 * - "Paid": net payments for this enrollment (type payment minus type refund) ≥ its price; or, with
 *   `policy.allowInstalments` (ENROLLMENT_ALLOW_INSTALMENTS=true), any positive net payment.
 * - Idempotent; does nothing (and throws nothing) when the enrollment is missing, not approved, not paid, its
 *   customer is soft-deleted, or the customer is already enrolled. One-way: it never moves a customer back
 *   to not enrolled (a later refund leaves the status alone).
 * - Concurrency (MySQL/MariaDB): it locks the customer row, then the enrollment row (the order every
 *   enrollment write uses; lock the customer first too, as `lockVisibleCustomer` does, to avoid deadlocks),
 *   and reads the payments with a locking read, so an approval and a payment committed at the same time
 *   cannot both miss each other.
 * - The customer is changed through entity persistence, so the audit log records it.
 */
export async function settleEnrollment(
  manager: EntityManager,
  enrollmentId: number,
  policy: SettlementPolicy,
): Promise<Settlement> {
  const lock = rowLock(manager);
  const settlement: Settlement = { paidNet: 0, price: 0, approved: false, paid: false, customerEnrolled: false };
  // locks in the order every enrollment write uses (customer, then enrollment), so that none deadlocks
  const ref = await manager
    .getRepository(Enrollment)
    .findOne({ select: { id: true, customerId: true }, where: { id: enrollmentId } });
  if (!ref) return settlement;
  const customer = await manager
    .getRepository(Customer)
    .findOne({ where: { id: ref.customerId }, withDeleted: true, ...lock });
  const enrollment = await manager.getRepository(Enrollment).findOneOrFail({ where: { id: enrollmentId }, ...lock });
  settlement.price = enrollment.price;
  settlement.approved = enrollment.status === EnrollmentStatus.code.approved;
  if (!settlement.approved) return settlement;

  const sums = manager
    .getRepository(Payment)
    .createQueryBuilder('p')
    .select('COALESCE(SUM(CASE WHEN p.type = :refund THEN -p.amount ELSE p.amount END), 0)', 'net')
    .where('p.enrollmentId = :enrollmentId', { enrollmentId })
    .andWhere('p.type IN (:payment, :refund)', {
      payment: PaymentType.code.payment,
      refund: PaymentType.code.refund,
    });
  // a locking read sees payments committed after this transaction's snapshot was taken
  if (isMysql(manager)) sums.setLock('pessimistic_read');
  settlement.paidNet = Number((await sums.getRawOne<{ net: number | string }>())?.net ?? 0);
  settlement.paid = settlement.paidNet >= enrollment.price || (policy.allowInstalments && settlement.paidNet > 0);
  if (!settlement.paid || !customer || customer.deletedAt || customer.status === CustomerStatus.code.enrolled) {
    return settlement;
  }
  customer.status = CustomerStatus.code.enrolled;
  await manager.save(customer);
  settlement.customerEnrolled = true;
  return settlement;
}
