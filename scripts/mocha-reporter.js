// Mocha's spec reporter, plus a summary file ({passed, failed, pending}) that scripts/test-all.js adds up.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const file = process.env.TOKEN_STREAM_TEST_SUMMARY;
    runner.once('end', () => {
      if (!file) return;
      const { passes, failures, pending } = this.stats;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ passed: passes, failed: failures, pending }));
    });
  }
}

module.exports = SummaryReporter;
