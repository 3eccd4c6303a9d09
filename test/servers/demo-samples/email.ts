const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*\.[^\s@.]{2,}$/;

/** A pragmatic check: local@domain.tld, no spaces. The real test is sending a confirmation mail. */
export function isValidEmail(address: string): boolean {
  const trimmed = address.trim();
  return trimmed.length <= 254 && EMAIL.test(trimmed);
}

console.log(isValidEmail('ada@example.com')); // true
console.log(isValidEmail('ada@example')); // false
