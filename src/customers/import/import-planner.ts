import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { readableNumber } from '../../common/entities/base.entity.js';
import type { FieldError } from '../../common/errors/problem.js';
import { assertMayAssign, findIdentifierHolders, newCustomerValues } from '../customer-rules.js';
import { seesAllCustomers } from '../customer-scope.js';
import type { CreateCustomerDto } from '../dto/customer.dto.js';
import { CUSTOMER_NUMBER_PREFIX, type Customer } from '../entities/customer.entity.js';
import type { DuplicateAction } from './dto/customer-import.dto.js';
import { problemErrors, type ImportReport } from './import-report.js';

/** A row that passed the create DTO's validation. */
export interface ValidRow {
  line: number;
  dto: CreateCustomerDto;
}

export interface PlannedCreate {
  row: ValidRow;
  values: ReturnType<typeof newCustomerValues>;
}

export interface PlannedUpdate {
  row: ValidRow;
  customerId: number;
}

/** The customers holding the batch's qqs (any) and phones (live ones). */
interface HolderIndex {
  qq: Map<string, Customer>;
  phone: Map<string, Customer>;
}

/** Said of a duplicate the importer may not see: that it exists, nothing about it. */
const HIDDEN = 'is already used by a customer of another consultant; ask someone who can see it to import this row';

/**
 * Decides what each valid row does: create a customer, update or skip the live customer with its qq or phone
 * (the duplicates policy), or fail (a deleted customer holds its qq, its qq and phone belong to two customers,
 * the duplicate is not the importer's to see, two rows match one customer, a consultant the importer may not
 * assign). One planner per pass over the file: it remembers which customer each row matched.
 */
export class ImportPlanner {
  private readonly matchedBy = new Map<number, number>();

  constructor(
    private readonly actor: Actor,
    private readonly policy: DuplicateAction,
    private readonly report: ImportReport,
  ) {}

  /** Plans a batch; `lock` locks the customers matched (the write pass, inside its transaction). */
  async plan(
    manager: EntityManager,
    rows: ValidRow[],
    lock: boolean,
  ): Promise<{ creates: PlannedCreate[]; updates: PlannedUpdate[] }> {
    const holders = await findIdentifierHolders(
      manager,
      {
        qqs: rows.flatMap((r) => (r.dto.qq ? [r.dto.qq] : [])),
        phones: rows.flatMap((r) => (r.dto.phone ? [r.dto.phone] : [])),
      },
      { lock },
    );
    const index: HolderIndex = { qq: new Map(), phone: new Map() };
    for (const holder of holders.sort((a, b) => a.id - b.id)) {
      if (holder.qq) index.qq.set(holder.qq, holder);
      // several live customers may share a phone from before the rule: the first one counts, as for a create
      if (holder.phone && !holder.deletedAt && !index.phone.has(holder.phone)) index.phone.set(holder.phone, holder);
    }
    const creates: PlannedCreate[] = [];
    const updates: PlannedUpdate[] = [];
    for (const row of rows) {
      const errors: FieldError[] = [];
      const outcome = this.planRow(row, index, errors);
      if (errors.length) this.report.error(row.line, errors);
      else if (outcome === 'skip') this.report.skipped++;
      else if (typeof outcome === 'number') updates.push({ row, customerId: outcome });
      else if (outcome) creates.push({ row, values: outcome });
    }
    return { creates, updates };
  }

  private planRow(
    row: ValidRow,
    holders: HolderIndex,
    errors: FieldError[],
  ): PlannedCreate['values'] | number | 'skip' | undefined {
    const { qq, phone } = row.dto;
    const byQq = qq ? holders.qq.get(qq) : undefined;
    const byPhone = phone ? holders.phone.get(phone) : undefined;
    if (byQq?.deletedAt) {
      errors.push({
        field: 'qq',
        message: this.sees(byQq)
          ? `is already used by deleted customer ${this.number(byQq)}; restore it instead`
          : HIDDEN,
      });
      return;
    }
    if (byQq && byPhone && byQq.id !== byPhone.id) {
      errors.push({
        field: 'phone',
        message: `belongs to ${this.describe(byPhone)}, but the qq to ${this.describe(byQq)}`,
      });
      return;
    }
    const target = byQq ?? byPhone;
    if (!target) return this.attempt(errors, 'consultant', () => newCustomerValues(row.dto, this.actor));
    const fields = [...(byQq ? (['qq'] as const) : []), ...(byPhone ? (['phone'] as const) : [])];
    if (!this.sees(target)) {
      errors.push(...fields.map((field) => ({ field, message: HIDDEN })));
      return;
    }
    for (const field of fields) {
      this.report.duplicate({
        line: row.line,
        field,
        value: row.dto[field] as string,
        customerId: target.id,
        customerNumber: this.number(target),
        action: this.policy,
      });
    }
    const earlier = this.matchedBy.get(target.id);
    if (earlier !== undefined) {
      errors.push({ field: fields[0], message: `matches the same customer as line ${earlier}` });
      return;
    }
    this.matchedBy.set(target.id, row.line);
    if (this.policy === 'skip') return 'skip';
    const consultantId = row.dto.consultantId;
    if (consultantId !== undefined) {
      this.attempt(errors, 'consultant', () => assertMayAssign(this.actor, consultantId, target.consultantId));
    }
    return target.id;
  }

  /** Runs a rule; a problem it throws becomes the row's errors. */
  private attempt<T>(errors: FieldError[], field: string, rule: () => T): T | undefined {
    try {
      return rule();
    } catch (error) {
      errors.push(...problemErrors(error, field));
      return undefined;
    }
  }

  private sees(customer: Customer): boolean {
    return seesAllCustomers(this.actor) || customer.consultantId === this.actor.id;
  }

  private number(customer: Customer): string {
    return readableNumber(CUSTOMER_NUMBER_PREFIX, customer.id);
  }

  private describe(customer: Customer): string {
    return this.sees(customer) ? `customer ${this.number(customer)}` : 'a customer of another consultant';
  }
}
