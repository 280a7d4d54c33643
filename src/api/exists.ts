import { NotFoundError } from '../acd/errors.js';

/** Whether a lookup finds its entity; only the ACD's "not found" means no, any other error propagates. */
export function exists(lookup: () => unknown): boolean {
  try {
    lookup();
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}
