const people = [
  { name: 'Grace', age: 85 },
  { name: 'Ada', age: 36 },
  { name: 'Linus', age: 54 },
];

// Array.prototype.toSorted returns a new array; the comparator decides the order.
const byAge = people.toSorted((a, b) => a.age - b.age);
const byName = people.toSorted((a, b) => a.name.localeCompare(b.name));

console.log(byAge.map((p) => p.name)); // ['Ada', 'Linus', 'Grace']
console.log(byName.map((p) => p.name)); // ['Ada', 'Grace', 'Linus']
