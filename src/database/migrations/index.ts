import { Init1795624331023 } from './1795624331023-Init.js';

/** Every migration in order; the generator (npm run migration:generate) appends to this list. */
export const MIGRATIONS: Function[] = [Init1795624331023];
