import type { RequestHandler } from 'express';
import { ApiError } from './errors.js';

/** Depth of the deepest array/object in `value`, counted without recursion (a hostile body can nest 100,000 levels). */
export function jsonDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

/**
 * Refuses JSON bodies nested deeper than `maxDepth` before anything recursive (validation,
 * fingerprinting, logging) walks them. No real request to this API nests more than a few levels.
 */
export function limitJsonDepth(maxDepth = 32): RequestHandler {
  return (req, _res, next) => {
    if (req.body !== null && typeof req.body === 'object' && jsonDepth(req.body, maxDepth) > maxDepth) {
      next(new ApiError(400, 'invalid_json', `The request body is nested more than ${maxDepth} levels deep`));
      return;
    }
    next();
  };
}
