/** Returns the n-th Fibonacci number (fibonacci(0) === 0n), exact for any n. */
export function fibonacci(n: number): bigint {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  let [a, b] = [0n, 1n];
  for (let i = 0; i < n; i++) [a, b] = [b, a + b];
  return a;
}

console.log(Array.from({ length: 10 }, (_, i) => fibonacci(i)).join(', ')); // 0, 1, 1, 2, 3, 5, 8, 13, 21, 34
console.log(fibonacci(100)); // 354224848179261915075n
