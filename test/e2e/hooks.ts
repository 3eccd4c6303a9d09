import * as path from 'node:path';
import { startWorkbench, stopWorkbench, workbench } from './workbench';

/** Mocha root hooks: one workbench for all UI specs, always stopped (the whole server process group). */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(240_000);
    await startWorkbench();
  },
  /** A failed UI test leaves a screenshot of the workbench behind, named after the test. */
  async afterEach(this: Mocha.Context) {
    const test = this.currentTest;
    if (test?.state !== 'failed') return;
    const { page, screenshots } = workbench();
    const name = test.fullTitle().replace(/[^a-z0-9]+/gi, '-').slice(0, 100);
    await page.screenshot({ path: path.join(screenshots, `FAILED-${name}.png`) }).catch(() => {});
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await stopWorkbench();
  },
};
