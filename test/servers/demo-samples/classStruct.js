class Counter {
  #count = 0;

  constructor(step = 1) {
    this.step = step;
  }

  increment() {
    this.#count += this.step;
    return this;
  }

  get value() {
    return this.#count;
  }
}

console.log(new Counter(2).increment().increment().value); // 4
