// The layer rule in eslint.config.js, run on probe files: an import up the layers is an error that
// names the rule; an import down them, or within a folder, is not.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

/** The no-restricted-imports messages ESLint gives `code` as if it were the file at `path`. */
async function layerErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('the layer rule', () => {
  it('rejects an import from src/core into src/gpu, and names the layers', async () => {
    const errors = await layerErrors(
      'src/core/probe.ts',
      "import { planRun } from '../gpu/plan.ts';\nexport const probe = planRun;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/src\/core may import only from itself/);
  });

  it('rejects imports up the layers from deeper folders and of the api entry', async () => {
    expect(
      await layerErrors(
        'src/gpu/schedules/probe.ts',
        "import { train } from '../../train.ts';\nimport { predict } from '../../model/predict.ts';\nexport const probe = [train, predict];\n",
      ),
    ).toHaveLength(2);
    expect(
      await layerErrors(
        'src/check/probe.ts',
        "import { table } from '../cli/text_table.ts';\nexport const probe = table;\n",
      ),
    ).toHaveLength(1);
  });

  it('lets a folder import its own files and the layers below it', async () => {
    expect(
      await layerErrors(
        'src/gpu/probe.ts',
        "import { compileNetwork } from '../core/network.ts';\nimport { planRun } from './plan.ts';\nexport const probe = [compileNetwork, planRun];\n",
      ),
    ).toEqual([]);
    expect(
      await layerErrors(
        'src/cli/probe.ts',
        "import { train } from '../train.ts';\nimport { runCheck } from '../check/index.ts';\nexport const probe = [train, runCheck];\n",
      ),
    ).toEqual([]);
  });
});
