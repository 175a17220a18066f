import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runForDriver, type Statements } from './run-for-driver.js';

// The customer list's default order and usual filters (a consultant's own customers; status and source), each
// ending in the list's order, so a page stops after its rows. The single-column indexes on deleted_at and status
// go: MariaDB intersected them with another index and then sorted every match (1 s at a million customers).
// (created_at, deleted_at) replaces (created_at): it covers the ids of a page, and MariaDB reads it as a range
// where (deleted_at, created_at) was read as ref on deleted_at alone, scanning half the table for a deep cursor.
const SQLITE: Statements = {
  up: [
    ['DROP INDEX "IDX_customer_deleted_at"', []],
    ['DROP INDEX "IDX_customer_status"', []],
    ['DROP INDEX "IDX_customer_created_at"', []],
    ['CREATE INDEX "IDX_customer_created_live" ON "customer" ("created_at", "deleted_at") ', []],
    ['CREATE INDEX "IDX_customer_consultant_list" ON "customer" ("consultant_id", "deleted_at", "created_at") ', []],
    [
      'CREATE INDEX "IDX_customer_status_source_list" ON "customer" ("status", "source", "deleted_at", "created_at") ',
      [],
    ],
  ],
  down: [
    ['DROP INDEX "IDX_customer_status_source_list"', []],
    ['DROP INDEX "IDX_customer_consultant_list"', []],
    ['DROP INDEX "IDX_customer_created_live"', []],
    ['CREATE INDEX "IDX_customer_created_at" ON "customer" ("created_at") ', []],
    ['CREATE INDEX "IDX_customer_status" ON "customer" ("status") ', []],
    ['CREATE INDEX "IDX_customer_deleted_at" ON "customer" ("deleted_at") ', []],
  ],
};

const MYSQL: Statements = {
  up: [
    ['DROP INDEX `IDX_customer_deleted_at` ON `customer`', []],
    ['DROP INDEX `IDX_customer_status` ON `customer`', []],
    ['DROP INDEX `IDX_customer_created_at` ON `customer`', []],
    ['CREATE INDEX `IDX_customer_created_live` ON `customer` (`created_at`, `deleted_at`)', []],
    ['CREATE INDEX `IDX_customer_consultant_list` ON `customer` (`consultant_id`, `deleted_at`, `created_at`)', []],
    [
      'CREATE INDEX `IDX_customer_status_source_list` ON `customer` (`status`, `source`, `deleted_at`, `created_at`)',
      [],
    ],
  ],
  down: [
    ['DROP INDEX `IDX_customer_status_source_list` ON `customer`', []],
    ['DROP INDEX `IDX_customer_consultant_list` ON `customer`', []],
    ['DROP INDEX `IDX_customer_created_live` ON `customer`', []],
    ['CREATE INDEX `IDX_customer_created_at` ON `customer` (`created_at`)', []],
    ['CREATE INDEX `IDX_customer_status` ON `customer` (`status`)', []],
    ['CREATE INDEX `IDX_customer_deleted_at` ON `customer` (`deleted_at`)', []],
  ],
};

export class CustomerListIndexes1796400000000 implements MigrationInterface {
  name = 'CustomerListIndexes1796400000000';

  up(queryRunner: QueryRunner): Promise<void> {
    return runForDriver(queryRunner, { sqlite: SQLITE.up, mysql: MYSQL.up });
  }

  down(queryRunner: QueryRunner): Promise<void> {
    return runForDriver(queryRunner, { sqlite: SQLITE.down, mysql: MYSQL.down });
  }
}
