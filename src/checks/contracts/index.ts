import type { Category } from '../../analyzers/solidity/types.js';
import type { Check } from '../types.js';
import reentrancy from './reentrancy.js';
import accessControl from './access-control.js';
import arithmetic from './arithmetic.js';
import randomness from './randomness.js';
import denialOfService from './denial-of-service.js';
import frontRunning from './front-running.js';
import shortAddresses from './short-addresses.js';
import timeManipulation from './time-manipulation.js';
import uncheckedCalls from './unchecked-calls.js';
import codeQuality from './code-quality.js';
import coverage from './coverage.js';

export const contractsChecks: Check[] = [
  reentrancy,
  accessControl,
  arithmetic,
  randomness,
  denialOfService,
  frontRunning,
  shortAddresses,
  timeManipulation,
  uncheckedCalls,
  codeQuality,
  coverage,
];

/** The check each detector category folds into. */
export const checkForCategory: Record<Category, Check> = {
  reentrancy,
  access_control: accessControl,
  arithmetic,
  bad_randomness: randomness,
  denial_of_service: denialOfService,
  front_running: frontRunning,
  short_addresses: shortAddresses,
  time_manipulation: timeManipulation,
  unchecked_low_level_calls: uncheckedCalls,
  other: codeQuality,
};
