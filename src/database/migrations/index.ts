import { Init1795622296660 } from './1795622296660-Init.js';
/** Every migration in order; the generator (npm run migration:generate) appends to this list. */
export const MIGRATIONS: Function[] = [Init1795622296660];
