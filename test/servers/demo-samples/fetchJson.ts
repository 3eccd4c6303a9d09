export interface Todo {
  userId: number;
  id: number;
  title: string;
  completed: boolean;
}

/** GETs `url` and parses its JSON body; throws on HTTP errors and after `timeoutMs`. */
export async function fetchJson<T>(url: string, timeoutMs = 10_000): Promise<T> {
  const res = await fetch(url, {
    headers: { Accept: 'application/json' },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`GET ${url} failed: ${res.status} ${res.statusText}`);
  return (await res.json()) as T;
}

fetchJson<Todo>('https://jsonplaceholder.typicode.com/todos/1')
  .then((todo) => console.log(todo.title))
  .catch((err: unknown) => console.error(err));
