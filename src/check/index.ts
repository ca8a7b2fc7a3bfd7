/** The fidelity check: the engines against PyTorch's own runs, and the same run twice. */
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
  type Fixtures,
  type LinearFixture,
  type ModelFixture,
} from './fixtures.ts';
export {
  LINEAR_TOLERANCE,
  MODEL_CASES,
  modelTolerance,
  SCHEDULES,
  type RunTolerance,
} from './tolerances.ts';
export {
  runCheck,
  type CaseResult,
  type CheckProgress,
  type CheckReport,
  type RepeatResult,
} from './run_check.ts';
export { formatCheck } from './report.ts';
