import { Init1795622908973 } from './1795622908973-Init.js';

/** Every migration in order; the generator (npm run migration:generate) appends to this list. */
export const MIGRATIONS: Function[] = [Init1795622908973];
