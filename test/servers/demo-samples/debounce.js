/**
 * Calls `fn` once `waitMs` have passed without another call.
 * @template {unknown[]} A
 * @param {(...args: A) => void} fn
 * @param {number} waitMs
 */
function debounce(fn, waitMs) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), waitMs);
  };
}

const search = debounce((query) => console.log('searching for', query), 250);
document.querySelector('#search')?.addEventListener('input', (e) => search(e.target.value));
