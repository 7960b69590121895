import type { Check } from '../types.js';
import authFailures from './auth-failures.js';
import crashes from './crashes.js';
import errorClasses from './error-classes.js';
import recordContent from './record-content.js';
import retention from './retention.js';
import sensitiveData from './sensitive-data.js';

export const logsChecks: Check[] = [errorClasses, recordContent, retention, authFailures, crashes, sensitiveData];
