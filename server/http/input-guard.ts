import type { RequestHandler } from 'express';
import { ApiError, validationError } from './errors.js';

export interface InputProblems {
  /** Depth of the deepest array/object, counted only up to `maxDepth + 1`. */
  depth: number;
  /** Dotted path of the first string (or key) holding U+0000, or null. */
  nulAt: string | null;
}

/**
 * One non-recursive walk over parsed input (a hostile body can nest 100,000 levels): how deep it
 * nests and where it first holds a NUL character.
 */
export function inspectInput(value: unknown, maxDepth: number): InputProblems {
  let depth = 0;
  let nulAt: string | null = null;
  const stack: Array<[unknown, number, string]> = [[value, 0, '']];
  while (stack.length > 0 && nulAt === null) {
    const [node, level, path] = stack.pop()!;
    if (typeof node === 'string') {
      if (node.includes('\u0000')) nulAt = path;
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    depth = Math.max(depth, level + 1);
    if (depth > maxDepth) break;
    for (const [key, child] of Object.entries(node)) {
      const childPath = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) {
        nulAt = childPath;
        break;
      }
      stack.push([child, level + 1, childPath]);
    }
  }
  return { depth, nulAt };
}

/**
 * Refuses, before anything recursive or the database sees them: JSON bodies nested deeper than
 * `maxDepth` (no real request nests more than a few levels), and U+0000 anywhere in the body or
 * query — PostgreSQL text cannot store it, and no legitimate field needs it.
 */
export function guardInput(maxDepth = 32): RequestHandler {
  return (req, _res, next) => {
    const body = inspectInput(req.body, maxDepth);
    if (body.depth > maxDepth) {
      next(new ApiError(400, 'invalid_json', `The request body is nested more than ${maxDepth} levels deep`));
      return;
    }
    const query = body.nulAt === null ? inspectInput(req.query, maxDepth) : null;
    const nulAt = body.nulAt ?? query?.nulAt ?? null;
    if (nulAt !== null) {
      next(validationError([{ field: nulAt || (query ? 'query' : 'body'), message: 'Must not contain the NUL character (U+0000)' }]));
      return;
    }
    next();
  };
}
