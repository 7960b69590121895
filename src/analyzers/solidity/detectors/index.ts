import type { Detector } from '../detector.js';
import arbitrarySendEth from './arbitrary-send-eth.js';
import controlledDelegatecall from './controlled-delegatecall.js';
import delegatecallForwarding from './delegatecall-forwarding.js';
import deprecatedConstructs from './deprecated-constructs.js';
import dosCallInLoop from './dos-call-in-loop.js';
import dosFailingCall from './dos-failing-call.js';
import dosUnboundedLoop from './dos-unbounded-loop.js';
import dosUnboundedOperation from './dos-unbounded-operation.js';
import frontRunningApprove from './front-running-approve.js';
import frontRunningReward from './front-running-reward.js';
import gasGriefing from './gas-griefing.js';
import integerOverflow from './integer-overflow.js';
import lockedEther from './locked-ether.js';
import missingCommitReveal from './missing-commit-reveal.js';
import pragmaVersion from './pragma-version.js';
import reentrancyEth from './reentrancy-eth.js';
import reentrancyReadOnly from './reentrancy-read-only.js';
import reentrancyToken from './reentrancy-token.js';
import shadowing from './shadowing.js';
import shortAddress from './short-address.js';
import strictBalanceEquality from './strict-balance-equality.js';
import timestampDependence from './timestamp-dependence.js';
import txOrigin from './tx-origin.js';
import uncheckedLowlevel from './unchecked-lowlevel.js';
import uncheckedTransfer from './unchecked-transfer.js';
import uninitializedStorage from './uninitialized-storage.js';
import unprotectedInitializer from './unprotected-initializer.js';
import unprotectedOwnerChange from './unprotected-owner-change.js';
import unprotectedSelfdestruct from './unprotected-selfdestruct.js';
import unprotectedUpgrade from './unprotected-upgrade.js';
import unprotectedWithdraw from './unprotected-withdraw.js';
import weakRandomness from './weak-randomness.js';

/** Every detector, in the order reports list them. */
export const detectors: Detector[] = [
  reentrancyEth,
  reentrancyToken,
  reentrancyReadOnly,
  uncheckedLowlevel,
  uncheckedTransfer,
  txOrigin,
  unprotectedSelfdestruct,
  unprotectedWithdraw,
  arbitrarySendEth,
  unprotectedOwnerChange,
  unprotectedInitializer,
  unprotectedUpgrade,
  controlledDelegatecall,
  delegatecallForwarding,
  integerOverflow,
  weakRandomness,
  timestampDependence,
  dosCallInLoop,
  dosUnboundedLoop,
  dosUnboundedOperation,
  dosFailingCall,
  gasGriefing,
  strictBalanceEquality,
  frontRunningApprove,
  frontRunningReward,
  missingCommitReveal,
  shortAddress,
  uninitializedStorage,
  shadowing,
  lockedEther,
  deprecatedConstructs,
  pragmaVersion,
];
