import threading
from collections.abc import Callable
from typing import Any


def debounce(wait_seconds: float) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Decorator: run the function once wait_seconds passed without another call."""

    def decorator(fn: Callable[..., None]) -> Callable[..., None]:
        timer: threading.Timer | None = None
        lock = threading.Lock()

        def debounced(*args: Any, **kwargs: Any) -> None:
            nonlocal timer
            with lock:
                if timer is not None:
                    timer.cancel()
                timer = threading.Timer(wait_seconds, fn, args, kwargs)
                timer.start()

        return debounced

    return decorator


@debounce(0.3)
def save(text: str) -> None:
    print("saving", text)


for partial in ("a", "ab", "abc"):
    save(partial)  # only "abc" is saved, 0.3 s later
