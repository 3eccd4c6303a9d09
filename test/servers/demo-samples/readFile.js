const { createReadStream } = require('node:fs');
const { createInterface } = require('node:readline');

/** Prints a (possibly large) text file line by line without loading it all. */
async function printLines(path) {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) console.log(`${String(++number).padStart(4)}: ${line}`);
}

printLines(process.argv[2] ?? 'app.js').catch((err) => console.error(err.message));
