/** express-formidable ships no types: the one function the back office uses (it parses AdminJS's forms). */
declare module 'express-formidable' {
  import type { RequestHandler } from 'express';

  export default function formidable(options?: Record<string, unknown>): RequestHandler;
}
