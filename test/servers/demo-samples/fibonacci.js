/**
 * Yields the Fibonacci numbers 0, 1, 1, 2, 3, 5, ... as BigInts, so they stay exact.
 * @returns {Generator<bigint>}
 */
function* fibonacci() {
  let [a, b] = [0n, 1n];
  for (;;) {
    yield a;
    [a, b] = [b, a + b];
  }
}

const first10 = [];
for (const n of fibonacci()) {
  if (first10.length === 10) break;
  first10.push(n);
}
console.log(first10.join(', ')); // 0, 1, 1, 2, 3, 5, 8, 13, 21, 34
