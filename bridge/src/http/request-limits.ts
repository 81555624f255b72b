/**
 * Request rate limits per client address, on the routes a flood would hit: the handoff (each one
 * costs a signature check and a single-use marker) and form posts (each one runs a step). Counted
 * in the shared counter store (Redis), so every bridge instance counts the same client together.
 * This is a flood guard for the whole bridge; the `rate-limit` processor is a flow's own policy.
 */
import { isIPv6 } from 'node:net';
import type { Request, RequestHandler } from 'express';
import type { CounterStore } from '../engine/services.js';
import { IoError } from '../errors.js';

export type LimitedRoute = 'handoff' | 'form';

export interface RequestLimit {
  /** Requests one client address may send per window; 0 turns the limit off. */
  max: number;
  windowSeconds: number;
}

/** Over the limit: 429 with the time until the window ends in Retry-After (set by the middleware). */
export class RateLimitedError extends IoError {
  constructor(route: LimitedRoute, retryAfterSeconds: number) {
    super('rate_limited', `too many ${route} requests from this client address; retry after ${retryAfterSeconds} s`);
  }
}

/**
 * Fixed windows aligned on the clock (`floor(now / window)`), so every instance agrees on the
 * window without reading its expiry: one INCR (with its TTL) per request.
 */
export function requestLimit(counters: CounterStore, route: LimitedRoute, limit: RequestLimit, now: () => number = Date.now): RequestHandler {
  return async (req, res, next) => {
    if (limit.max === 0) return next();
    const seconds = Math.floor(now() / 1000);
    const window = Math.floor(seconds / limit.windowSeconds);
    const count = await counters.increment(`request:${route}:${clientKey(req)}:${window}`, limit.windowSeconds);
    if (count <= limit.max) return next();
    const retryAfter = (window + 1) * limit.windowSeconds - seconds;
    res.set('Retry-After', String(retryAfter));
    throw new RateLimitedError(route, retryAfter);
  };
}

/**
 * The client's address as express resolved it (`trust proxy`: IO_TRUSTED_PROXIES). An IPv6 client
 * is counted by its /64, the block one subscriber usually gets, so it cannot dodge the limit by
 * walking through its own addresses.
 */
export function clientKey(req: Request): string {
  const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  if (!isIPv6(ip) || ip.includes('.')) return ip;
  return `${ipv6Groups(ip).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, `::` expanded (no zone, no embedded IPv4: checked above). */
function ipv6Groups(ip: string): string[] {
  const [head = '', tail] = ip.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => Number.parseInt(group, 16).toString(16));
}
