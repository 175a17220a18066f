import { Init1795625543726 } from './1795625543726-Init.js';
import { CustomerListIndexes1796400000000 } from './1796400000000-CustomerListIndexes.js';
import { ReportRollups1796400000001 } from './1796400000001-ReportRollups.js';
import { IdempotencyKeys1796500000000 } from './1796500000000-IdempotencyKeys.js';
import { LoginFailures1796506606328 } from './1796506606328-LoginFailures.js';
import { MarketIntelligence1796508629727 } from './1796508629727-MarketIntelligence.js';

/** Every migration in order; the generator (npm run migration:generate) appends to this list. */
export const MIGRATIONS: Function[] = [
  Init1795625543726,
  CustomerListIndexes1796400000000,
  ReportRollups1796400000001,
  IdempotencyKeys1796500000000,
  LoginFailures1796506606328,
  MarketIntelligence1796508629727,
];
