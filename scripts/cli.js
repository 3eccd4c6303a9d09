// How every script ends: the process exits with main()'s exit code; an unexpected error is printed and
// exits with 1.
'use strict';

/** @param {() => Promise<number>} main */
function runMain(main) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

module.exports = { runMain };
