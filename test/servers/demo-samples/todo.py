from dataclasses import dataclass


@dataclass
class Todo:
    id: int
    title: str
    done: bool = False


class TodoList:
    def __init__(self) -> None:
        self._items: dict[int, Todo] = {}
        self._next_id = 1

    def add(self, title: str) -> Todo:
        todo = Todo(self._next_id, title)
        self._items[todo.id] = todo
        self._next_id += 1
        return todo

    def complete(self, todo_id: int) -> None:
        self._items[todo_id].done = True

    def pending(self) -> list[Todo]:
        return [t for t in self._items.values() if not t.done]


todos = TodoList()
todos.add("Write tests")
todos.complete(todos.add("Ship it").id)
print(todos.pending())  # [Todo(id=1, title='Write tests', done=False)]
