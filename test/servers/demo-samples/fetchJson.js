/**
 * GETs `url` and parses its JSON body; throws on HTTP errors and after `timeoutMs`.
 * @param {string} url
 * @param {number} [timeoutMs]
 */
async function fetchJson(url, timeoutMs = 10_000) {
  const res = await fetch(url, {
    headers: { Accept: 'application/json' },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`GET ${url} failed: ${res.status} ${res.statusText}`);
  return res.json();
}

fetchJson('https://jsonplaceholder.typicode.com/todos/1')
  .then((todo) => console.log(todo.title))
  .catch((err) => console.error(err));
