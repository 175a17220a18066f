import type {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { CustomerStatus, EnrollmentStatus } from '../../common/codes/codes.js';
import { onConflictUpdate } from '../../common/database/sql-dialect.js';
import { Customer } from '../entities/customer.entity.js';

const ENROLLED = Number(CustomerStatus.code.enrolled);
const APPROVED = Number(EnrollmentStatus.code.approved);

/** What of a customer the funnel counts (see CustomerFunnelDay). */
export type FunnelFacts = Pick<
  Customer,
  'id' | 'createdAt' | 'source' | 'consultantId' | 'status' | 'lastFollowUpAt' | 'deletedAt'
>;

/** One row's worth of counts of customer_funnel_day: what one customer adds, or a change to apply. */
interface FunnelCounts {
  day: string;
  source: number;
  consultantId: number;
  newCustomers: number;
  followedUp: number;
  enrolled: number;
}

/** The UTC date ('YYYY-MM-DD') of an instant: the `day` of customer_funnel_day. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/** What the customer adds to the funnel: nothing once soft-deleted. */
function countsOf(facts: FunnelFacts | null, hasApprovedEnrollment: boolean): FunnelCounts | null {
  if (!facts || facts.deletedAt) return null;
  return {
    day: utcDay(facts.createdAt),
    source: facts.source,
    consultantId: facts.consultantId,
    newCustomers: 1,
    followedUp: facts.lastFollowUpAt ? 1 : 0,
    enrolled: facts.status === ENROLLED || hasApprovedEnrollment ? 1 : 0,
  };
}

const keyOf = (c: FunnelCounts) => `${c.day}|${c.source}|${c.consultantId}`;
const negated = (c: FunnelCounts): FunnelCounts => ({
  ...c,
  newCustomers: -c.newCustomers,
  followedUp: -c.followedUp,
  enrolled: -c.enrolled,
});

/** The changes that turn `before` into `after`, in key order (so that concurrent writers lock rows alike). */
function changes(before: FunnelCounts | null, after: FunnelCounts | null): FunnelCounts[] {
  if (before && after && keyOf(before) === keyOf(after)) {
    const change = {
      ...after,
      newCustomers: after.newCustomers - before.newCustomers,
      followedUp: after.followedUp - before.followedUp,
      enrolled: after.enrolled - before.enrolled,
    };
    return change.newCustomers || change.followedUp || change.enrolled ? [change] : [];
  }
  const list = [...(before ? [negated(before)] : []), ...(after ? [after] : [])];
  return list.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
}

/** Writes `list` into customer_funnel_day in one upsert (a row per day, source and consultant). */
async function write(manager: EntityManager, list: FunnelCounts[]): Promise<void> {
  if (!list.length) return;
  const columns = ['new_customers', 'followed_up', 'enrolled'];
  const added = onConflictUpdate(manager.connection, ['day', 'source', 'consultant_id'], (incoming) =>
    columns.map((c) => `${c} = ${c} + ${incoming(c)}`).join(', '),
  );
  await manager.query(
    `INSERT INTO customer_funnel_day (day, source, consultant_id, ${columns.join(', ')}) VALUES ` +
      list.map(() => '(?, ?, ?, ?, ?, ?)').join(', ') +
      added,
    list.flatMap((c) => [c.day, c.source, c.consultantId, c.newCustomers, c.followedUp, c.enrolled]),
  );
}

/** `list` added up per row, without rows that do not change, in key order. */
function merged(list: FunnelCounts[]): FunnelCounts[] {
  const byKey = new Map<string, FunnelCounts>();
  for (const change of list) {
    const sum = byKey.get(keyOf(change));
    if (!sum) byKey.set(keyOf(change), { ...change });
    else {
      sum.newCustomers += change.newCustomers;
      sum.followedUp += change.followedUp;
      sum.enrolled += change.enrolled;
    }
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, sum]) => sum)
    .filter((sum) => sum.newCustomers || sum.followedUp || sum.enrolled);
}

/**
 * Changes made in a transaction wait for its commit (see FUNNEL_FLUSH): every write to one day's row of a
 * consultant and source then holds that row's lock only while committing, not for the rest of the transaction
 * (32 consultants' creates at once queue on it otherwise), and a transaction that writes many customers (the
 * import) writes the rows once.
 */
const pending = new WeakMap<QueryRunner, FunnelCounts[]>();
const flushing = new WeakSet<DataSource>();

/** Writes the changes a transaction collected just before it commits; drops them when it rolls back. */
const FUNNEL_FLUSH: EntitySubscriberInterface = {
  async beforeTransactionCommit(event: TransactionCommitEvent) {
    const list = pending.get(event.queryRunner);
    pending.delete(event.queryRunner);
    if (list) await write(event.queryRunner.manager, merged(list));
  },
  afterTransactionRollback(event: TransactionRollbackEvent) {
    pending.delete(event.queryRunner);
  },
};

/** Applies `list`: at the commit of the manager's transaction, or at once outside one. */
async function apply(manager: EntityManager, list: FunnelCounts[]): Promise<void> {
  if (!list.length) return;
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) return write(manager, merged(list));
  if (!flushing.has(manager.connection)) {
    flushing.add(manager.connection);
    manager.connection.subscribers.push(FUNNEL_FLUSH);
  }
  pending.set(runner, [...(pending.get(runner) ?? []), ...list]);
}

/** Whether the customer has an approved enrollment, leaving `exceptEnrollmentId` out. */
async function hasApprovedEnrollment(
  manager: EntityManager,
  customerId: number,
  exceptEnrollmentId?: number,
): Promise<boolean> {
  const qb = manager
    .createQueryBuilder()
    .select('1', 'found')
    .from('enrollment', 'e')
    .where('e.customer_id = :customerId', { customerId })
    .andWhere('e.status = :approved', { approved: APPROVED });
  if (exceptEnrollmentId !== undefined) qb.andWhere('e.id <> :exceptEnrollmentId', { exceptEnrollmentId });
  return !!(await qb.limit(1).getRawOne());
}

/**
 * Keeps customer_funnel_day right when one customer changes from `before` to `after` (null: not there, before
 * an insert or after a delete). Call it in the writer's transaction. The customer's approved enrollments are
 * read only when they can make a difference (a change of day, source, consultant, status or deletion) and the
 * caller does not know them (a new customer has none).
 */
export async function tallyCustomerChange(
  manager: EntityManager,
  before: FunnelFacts | null,
  after: FunnelFacts | null,
  options: { hasApprovedEnrollment?: boolean } = {},
): Promise<void> {
  const withoutApproval = changes(countsOf(before, false), countsOf(after, false));
  const withApproval = changes(countsOf(before, true), countsOf(after, true));
  if (JSON.stringify(withoutApproval) === JSON.stringify(withApproval)) return apply(manager, withoutApproval);
  const id = (after ?? before)!.id;
  const approved = options.hasApprovedEnrollment ?? (await hasApprovedEnrollment(manager, id));
  await apply(manager, approved ? withApproval : withoutApproval);
}

/**
 * Keeps customer_funnel_day right when the enrollment `enrollmentId` of the customer has just become approved
 * (call it after saving the enrollment, in the same transaction): the customer now counts as enrolled.
 */
export async function tallyApproval(manager: EntityManager, customerId: number, enrollmentId: number): Promise<void> {
  const customer = await manager.getRepository(Customer).findOne({ where: { id: customerId }, withDeleted: true });
  if (!customer) return;
  const before = countsOf(customer, await hasApprovedEnrollment(manager, customerId, enrollmentId));
  await apply(manager, changes(before, countsOf(customer, true)));
}

/**
 * Recounts customer_funnel_day from the customers (the migration's back-fill does the same): for writers that
 * bypass the services, such as the bench and demo seeds and test datasets written through repositories.
 */
export async function rebuildFunnelDays(manager: EntityManager): Promise<void> {
  // the recount includes this transaction's writes so far: what they would add at its commit would count twice
  if (manager.queryRunner) pending.delete(manager.queryRunner);
  await manager.query('DELETE FROM customer_funnel_day');
  await manager.query(
    'INSERT INTO customer_funnel_day (day, source, consultant_id, new_customers, followed_up, enrolled) ' +
      'SELECT DATE(c.created_at), c.source, c.consultant_id, COUNT(*), ' +
      'SUM(CASE WHEN c.last_follow_up_at IS NOT NULL THEN 1 ELSE 0 END), ' +
      `SUM(CASE WHEN c.status = ${ENROLLED} OR EXISTS (SELECT 1 FROM enrollment e WHERE e.customer_id = c.id ` +
      `AND e.status = ${APPROVED}) THEN 1 ELSE 0 END) ` +
      'FROM customer c WHERE c.deleted_at IS NULL GROUP BY DATE(c.created_at), c.source, c.consultant_id',
  );
}
