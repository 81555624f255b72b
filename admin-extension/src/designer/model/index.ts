/** The designer's model: pure functions over the flow definition JSON (no React, no DOM). */
export * from './flow.js';
export * from './edit.js';
export * from './history.js';
export * from './clipboard.js';
export * from './layout.js';
export * from './catalog.js';
export * from './variables.js';
export * from './validation.js';
export * from './diff.js';
