import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runForDriver, type Statements } from './run-for-driver.js';

/**
 * Reports at a million customers (issue 8): the funnel's daily counts (customer_funnel_day) and what the sales
 * report reads from payments alone (payment.class_id and the covering index IDX_payment_report), each filled
 * from the existing rows here. Codes as they are stored: customer status 0 = enrolled, enrollment status 2 =
 * approved, as in src/common/codes/codes.ts.
 */
const BACK_FILL: [string, unknown[]][] = [
  [
    'UPDATE payment SET class_id = (SELECT e.class_id FROM enrollment e WHERE e.id = payment.enrollment_id) ' +
      'WHERE enrollment_id IS NOT NULL',
    [],
  ],
  [
    'INSERT INTO customer_funnel_day (day, source, consultant_id, new_customers, followed_up, enrolled) ' +
      'SELECT DATE(c.created_at), c.source, c.consultant_id, COUNT(*), ' +
      'SUM(CASE WHEN c.last_follow_up_at IS NOT NULL THEN 1 ELSE 0 END), ' +
      'SUM(CASE WHEN c.status = 0 OR EXISTS (SELECT 1 FROM enrollment e WHERE e.customer_id = c.id ' +
      'AND e.status = 2) THEN 1 ELSE 0 END) ' +
      'FROM customer c WHERE c.deleted_at IS NULL GROUP BY DATE(c.created_at), c.source, c.consultant_id',
    [],
  ],
];

const SQLITE: Statements = {
  up: [
    [
      'CREATE TABLE "customer_funnel_day" ("day" date NOT NULL, "source" smallint NOT NULL, "consultant_id" integer NOT NULL, "new_customers" integer NOT NULL DEFAULT (0), "followed_up" integer NOT NULL DEFAULT (0), "enrolled" integer NOT NULL DEFAULT (0), PRIMARY KEY ("day", "source", "consultant_id"))',
      [],
    ],
    ['ALTER TABLE "payment" ADD COLUMN "class_id" integer', []],
    ...BACK_FILL,
    [
      'CREATE INDEX "IDX_payment_report" ON "payment" ("paid_at", "type", "amount", "consultant_id", "course_id", "class_id", "enrollment_id", "customer_id") ',
      [],
    ],
  ],
  down: [
    ['DROP INDEX "IDX_payment_report"', []],
    ['ALTER TABLE "payment" DROP COLUMN "class_id"', []],
    ['DROP TABLE "customer_funnel_day"', []],
  ],
};

const MYSQL: Statements = {
  up: [
    [
      "CREATE TABLE `customer_funnel_day` (`day` date NOT NULL, `source` smallint NOT NULL, `consultant_id` int NOT NULL, `new_customers` int NOT NULL DEFAULT '0', `followed_up` int NOT NULL DEFAULT '0', `enrolled` int NOT NULL DEFAULT '0', PRIMARY KEY (`day`, `source`, `consultant_id`)) ENGINE=InnoDB",
      [],
    ],
    ['ALTER TABLE `payment` ADD `class_id` int NULL', []],
    ...BACK_FILL,
    [
      'CREATE INDEX `IDX_payment_report` ON `payment` (`paid_at`, `type`, `amount`, `consultant_id`, `course_id`, `class_id`, `enrollment_id`, `customer_id`)',
      [],
    ],
  ],
  down: [
    ['DROP INDEX `IDX_payment_report` ON `payment`', []],
    ['ALTER TABLE `payment` DROP COLUMN `class_id`', []],
    ['DROP TABLE `customer_funnel_day`', []],
  ],
};

export class ReportRollups1796400000001 implements MigrationInterface {
  name = 'ReportRollups1796400000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await runForDriver(queryRunner, { sqlite: SQLITE.up, mysql: MYSQL.up });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await runForDriver(queryRunner, { sqlite: SQLITE.down, mysql: MYSQL.down });
  }
}
