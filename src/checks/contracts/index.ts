import type { Category } from '../../analyzers/solidity/types.js';
import type { Check } from '../types.js';
import reentrancy from './solidity-reentrancy.js';
import accessControl from './solidity-access-control.js';
import arithmetic from './solidity-arithmetic.js';
import randomness from './solidity-randomness.js';
import denialOfService from './solidity-denial-of-service.js';
import frontRunning from './solidity-front-running.js';
import shortAddresses from './solidity-short-addresses.js';
import timeManipulation from './solidity-time-manipulation.js';
import uncheckedCalls from './solidity-unchecked-calls.js';
import codeQuality from './solidity-code-quality.js';
import coverage from './solidity-coverage.js';

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
