const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*\.[^\s@.]{2,}$/;

/** @param {string} address */
function isValidEmail(address) {
  const trimmed = address.trim();
  return trimmed.length <= 254 && EMAIL.test(trimmed);
}

console.log(isValidEmail('ada@example.com')); // true
console.log(isValidEmail('ada@example')); // false
