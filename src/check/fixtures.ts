import type { HeadName } from '../core/heads.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OptimizerSpec } from '../core/optimizers.ts';
import type { Activation } from '../core/spec.ts';
import { makeDataset, type Dataset } from '../data/index.ts';
import type { CaseSpec } from './train_case.ts';

/**
 * The PyTorch fixtures the check compares against, as committed under test/fixtures/ (made by
 * tools/make_torch_fixtures.py and tools/make_torch_model_fixtures.py from Debian's PyTorch).
 */
export const FIXTURE_FILES = {
  tutorial: 'shared/torch_seed_tutorial.json',
  tutorialData: 'shared/sklearn_make_classification.json',
  linear: 'torch/linear_trajectories.json',
  models: 'torch/models.json',
  heads: 'torch/heads.json',
} as const;

/** A fixture that is missing or not shaped as the check expects; names the file and the field. */
export class FixtureError extends Error {
  override name = 'FixtureError';
}

/** One PyTorch float32 training run, as train() repeats it. */
export interface CheckCase extends CaseSpec {
  /** where it comes from: file#case */
  readonly source: string;
  readonly name: string;
  /** the model and its training, in a few words */
  readonly model: string;
  /** the loss before each step */
  readonly losses: readonly number[];
  /** the final params, per layer W (out × in) then b */
  readonly params: readonly number[];
}

export interface Fixtures {
  readonly dir: string;
  /** the tutorial's runs first, then the other linear runs, then the models */
  readonly cases: readonly CheckCase[];
}

type Json = Record<string, unknown>;

/** Reads one field and checks its type, naming file and path when it is wrong. */
class Reader {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly value: unknown,
  ) {}

  fail(what: string): never {
    throw new FixtureError(`${this.file}: ${this.path || 'the top level'}: ${what}`);
  }

  at(key: string | number): Reader {
    const v = this.value;
    const inner =
      typeof key === 'number'
        ? Array.isArray(v)
          ? (v as unknown[])[key]
          : this.fail('is not an array')
        : typeof v === 'object' && v !== null && !Array.isArray(v)
          ? (v as Json)[key]
          : this.fail('is not an object');
    const path = typeof key === 'number' ? `${this.path}[${key}]` : `${this.path}.${key}`;
    return new Reader(this.file, path.replace(/^\./, ''), inner);
  }

  number(): number {
    if (typeof this.value !== 'number' || !Number.isFinite(this.value))
      this.fail(`expected a finite number, got ${JSON.stringify(this.value)}`);
    return this.value;
  }

  string(): string {
    if (typeof this.value !== 'string') this.fail(`expected a string`);
    return this.value;
  }

  numbers(): number[] {
    if (!Array.isArray(this.value)) this.fail('expected an array of numbers');
    return this.value.map((_, i) => this.at(i).number());
  }

  items(): Reader[] {
    if (!Array.isArray(this.value)) this.fail('expected an array');
    return this.value.map((_, i) => this.at(i));
  }

  /** X and y; `targets`: y holds numbers to predict (a regression), not class indices */
  rows(targets = false): Dataset {
    const rows = this.at('X').items();
    const y = this.at('y').numbers();
    const D = rows[0]?.numbers().length ?? 0;
    if (rows.length === 0 || D === 0) this.fail('X holds no samples');
    if (y.length !== rows.length) this.fail(`X has ${rows.length} rows, y ${y.length} labels`);
    const X = rows.flatMap((row) => {
      const values = row.numbers();
      if (values.length !== D) row.fail(`expected ${D} features, got ${values.length}`);
      return values;
    });
    return makeDataset(
      Float64Array.from(X),
      targets ? Float64Array.from(y) : Int32Array.from(y),
      D,
    );
  }
}

function open(dir: string, file: string): Reader {
  const path = join(dir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new FixtureError(`${path}: cannot read the fixture (${code})`);
  }
  try {
    return new Reader(path, '', JSON.parse(text));
  } catch (error) {
    throw new FixtureError(`${path}: not JSON (${(error as Error).message})`);
  }
}

/** The tutorial's runs (data from scikit-learn's fixture) and the other linear trajectories. */
function linearFixtures(dir: string): CheckCase[] {
  const data = open(dir, FIXTURE_FILES.tutorialData).at('cases').items();
  const tutorial = open(dir, FIXTURE_FILES.tutorial)
    .at('cases')
    .items()
    .map((c, i): CheckCase => {
      const seed = c.at('data').at('random_state').number();
      const rows = data.find((d) => d.at('params').at('random_state').number() === seed);
      if (rows === undefined)
        return c.fail(`random_state ${seed} has no data in ${FIXTURE_FILES.tutorialData}`);
      const init = [...c.at('init').at('weight').numbers(), c.at('init').at('bias').number()];
      const name = `tutorial_rs${seed} init [${init.join(',')}]`;
      return linearCase(c, `${FIXTURE_FILES.tutorial}#${i}`, name, rows.rows());
    });
  const trajectories = open(dir, FIXTURE_FILES.linear)
    .at('cases')
    .items()
    .map((c, i) => linearCase(c, `${FIXTURE_FILES.linear}#${i}`, c.at('name').string(), c.rows()));
  return [...tutorial, ...trajectories];
}

/** Linear(D,1) + Sigmoid with BCE and full-batch SGD: the tutorial's model, train()'s defaults. */
function linearCase(c: Reader, source: string, name: string, data: Dataset): CheckCase {
  const f32 = c.at('float32');
  const lr = c.at('lr').number();
  return {
    source,
    name,
    model: `Linear(${data.nFeatures},1) + Sigmoid, sgd lr ${lr}, full batch`,
    data,
    options: {
      lr,
      epochs: c.at('steps').number(),
      initialParams: [...c.at('init').at('weight').numbers(), c.at('init').at('bias').number()],
    },
    losses: f32.at('losses').numbers(),
    params: [...f32.at('w').numbers(), f32.at('b').number()],
  };
}

function modelFixtures(dir: string, file: string): CheckCase[] {
  return open(dir, file)
    .at('cases')
    .items()
    .map((c, i) => {
      const model = c.at('model').value as { head?: HeadName; outputs?: number };
      const head = model.head ?? 'binary';
      const outputs = model.outputs ?? 1;
      const data = c.rows(head === 'regression');
      const hidden = c.at('model').at('hidden').numbers();
      const activation = c.at('model').at('activation').string() as Activation;
      const optimizer = c.at('optimizer');
      const { name, ...hyper } = optimizer.value as OptimizerSpec;
      optimizer.at('name').string(); // train() checks the rest and names what is wrong
      const batchSize = c.at('batchSize').number();
      return {
        source: `${file}#${i}`,
        name: c.at('name').string(),
        model: `${[data.nFeatures, ...hidden, outputs].join('-')} ${activation}${head === 'binary' ? '' : ` ${head}`}, ${name} lr ${hyper.lr}, batch ${batchSize}`,
        data,
        options: {
          task: head === 'regression' ? 'regression' : 'classification',
          ...(head === 'multiclass' ? { classes: outputs } : {}),
          hidden,
          activation,
          optimizer: name,
          ...hyper,
          batchSize,
          epochs: c.at('epochs').number(),
          shuffleSeed: c.at('shuffleSeed').number(),
          initialParams: c.at('initialParams').numbers(),
        },
        losses: c.at('float32').at('losses').numbers(),
        params: c.at('float32').at('params').numbers(),
      };
    });
}

/** Reads every fixture the check needs from `dir` (a copy of test/fixtures/). */
export function loadFixtures(dir: string): Fixtures {
  return {
    dir,
    cases: [
      ...linearFixtures(dir),
      ...modelFixtures(dir, FIXTURE_FILES.models),
      ...modelFixtures(dir, FIXTURE_FILES.heads),
    ],
  };
}
