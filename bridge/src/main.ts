import { loadConfigFromEnv } from './config/load-config.js';
import { IoError } from './errors.js';
import { startBridge } from './server.js';

/**
 * Process entry point: configuration from the environment. On SIGTERM/SIGINT the bridge drains
 * (not ready at once, in-flight requests finish within IO_SHUTDOWN_DRAIN_SECONDS) and exits 0.
 */
async function main(): Promise<void> {
  const bridge = await startBridge(loadConfigFromEnv(process.env));
  process.stdout.write(`IO bridge listening on ${bridge.url} (public URL ${bridge.config.publicUrl})\n`);
  const shutdown = () => {
    bridge.close(bridge.config.shutdownDrainSeconds * 1000).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  const message = error instanceof IoError ? `${error.code}: ${error.message}` : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`IO bridge failed to start: ${message}\n`);
  process.exit(1);
});
