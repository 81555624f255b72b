#!/usr/bin/env node
// io-flows: runs the TypeScript sources through tsx's loader, like the bridge.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
