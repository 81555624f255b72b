import { createHash, timingSafeEqual } from 'node:crypto';
import type { RandomSource } from '../../engine/services.js';

export const codeLength = 6;
const codeSpace = 10 ** codeLength;
// Largest multiple of the code space below 2^32: values above it are redrawn, so every code is equally likely.
const unbiasedLimit = Math.floor(0x1_0000_0000 / codeSpace) * codeSpace;

export function generateCode(random: RandomSource): string {
  for (;;) {
    const value = Buffer.from(random.bytes(4)).readUInt32BE(0);
    if (value < unbiasedLimit) return String(value % codeSpace).padStart(codeLength, '0');
  }
}

/** SHA-256 of the code salted with the step, so a hash is only good for the step it was made for. */
export function hashCode(salt: string, code: string): string {
  return createHash('sha256').update(`${salt}\u0000${code}`).digest('base64url');
}

export function codeMatches(salt: string, code: string, expectedHash: string): boolean {
  return timingSafeEqual(Buffer.from(hashCode(salt, code)), Buffer.from(expectedHash));
}

/** `jane.doe@example.com` -> `j•••e@example.com`: enough for the user to recognise the address. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const shown = local.length <= 2 ? `${local.slice(0, 1)}•••` : `${local.slice(0, 1)}•••${local.slice(-1)}`;
  return `${shown}${email.slice(at)}`;
}
