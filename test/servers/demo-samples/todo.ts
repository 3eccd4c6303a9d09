export interface Todo {
  readonly id: number;
  title: string;
  done: boolean;
}

export class TodoList {
  private readonly items = new Map<number, Todo>();
  private nextId = 1;

  add(title: string): Todo {
    if (!title.trim()) throw new Error('A todo needs a title');
    const todo: Todo = { id: this.nextId++, title: title.trim(), done: false };
    this.items.set(todo.id, todo);
    return todo;
  }

  toggle(id: number): void {
    const todo = this.items.get(id);
    if (!todo) throw new Error(`No todo with id ${id}`);
    todo.done = !todo.done;
  }

  remove(id: number): boolean {
    return this.items.delete(id);
  }

  get pending(): Todo[] {
    return [...this.items.values()].filter((t) => !t.done);
  }
}

const todos = new TodoList();
todos.add('Write tests');
todos.toggle(todos.add('Ship it').id);
console.log(todos.pending); // [{ id: 1, title: 'Write tests', done: false }]
