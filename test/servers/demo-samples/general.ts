/** Groups items by a key: groupBy(users, (u) => u.team). */
export function groupBy<T, K extends PropertyKey>(items: Iterable<T>, key: (item: T) => K): Record<K, T[]> {
  const groups = {} as Record<K, T[]>;
  for (const item of items) (groups[key(item)] ??= []).push(item);
  return groups;
}

const people = [
  { name: 'Ada', team: 'compilers' },
  { name: 'Grace', team: 'compilers' },
  { name: 'Linus', team: 'kernel' },
];
console.log(groupBy(people, (p) => p.team));
