/**
 * Retries an async function with exponential backoff.
 * @template T
 * @param {() => Promise<T>} fn
 * @param {number} [attempts]
 * @returns {Promise<T>}
 */
async function retry(fn, attempts = 3) {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 2 ** i * 100));
    }
  }
}

retry(() => fetch('https://example.com').then((r) => r.status)).then(console.log, console.error);
