export { scanSecrets, DEFAULT_EXCLUDED_DIRS, DEFAULT_MAX_FILE_BYTES } from './scan.js';
export { KDF_THRESHOLDS } from './anchored.js';
export * from './types.js';
export { scanLines, type TextSecret } from './scan-lines.js';
