/** The built-in flow processors, their registry and the default sets per flow category. */
import { audit } from './audit.js';
import { failedAttempts } from './failed-attempts.js';
import { latestAttempt } from './latest-attempt.js';
import { ProcessorCatalog } from './processor-catalog.js';
import { rateLimit } from './rate-limit.js';
import { sessionRenewal } from './session-renewal.js';
import { userIdentified } from './user-identified.js';
import { userValid } from './user-valid.js';

export {
  captchaProviderProfiles,
  CaptchaUnavailableError,
  createStaticCaptchaVerifier,
  HttpCaptchaVerifier,
  type CaptchaProviderName,
  type HttpCaptchaOptions,
} from './captcha-verifiers.js';
export { processorErrorCodes, type ProcessorErrorCode } from './decisions.js';
export { categoryDefaultSet, defaultProcessorSets, processorSetNames, realmDefaultSets, realmListSet, type ProcessorSetName } from './default-sets.js';
export { readLatestAttempt } from './latest-attempt.js';
export { ProcessorCatalog } from './processor-catalog.js';
export { audit, failedAttempts, latestAttempt, rateLimit, sessionRenewal, userIdentified, userValid };

/** A registry of the processors shipped with the bridge (a fresh one: callers may register more). */
export function builtInProcessors(): ProcessorCatalog {
  return [userIdentified, userValid, failedAttempts, latestAttempt, sessionRenewal, rateLimit, audit].reduce(
    (catalog, processor) => catalog.register(processor),
    new ProcessorCatalog(),
  );
}
