import { Init1795623292355 } from './1795623292355-Init.js';

/** Every migration in order; the generator (npm run migration:generate) appends to this list. */
export const MIGRATIONS: Function[] = [Init1795623292355];
