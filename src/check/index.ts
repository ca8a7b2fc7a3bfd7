/** The fidelity check: the one engine against PyTorch's own runs, and the same run twice. */
export {
  compareBits,
  compareClose,
  type Agreement,
  type BitsAgreement,
  type Tolerance,
} from './compare.ts';
export {
  FIXTURE_FILES,
  FixtureError,
  loadFixtures,
  type CheckCase,
  type Fixtures,
} from './fixtures.ts';
export { RUN_TOLERANCE, SCHEDULES, type RunTolerance } from './tolerances.ts';
export {
  QUICK_MODEL_CASES,
  UnknownCaseError,
  runCheck,
  type CaseResult,
  type CheckOptions,
  type CheckProgress,
  type CheckReport,
  type RepeatResult,
} from './run_check.ts';
