from collections.abc import Iterator
from itertools import islice


def fibonacci() -> Iterator[int]:
    """Yield the Fibonacci numbers 0, 1, 1, 2, 3, 5, ..."""
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


def nth_fibonacci(n: int) -> int:
    if n < 0:
        raise ValueError("n must be non-negative")
    return next(islice(fibonacci(), n, None))


if __name__ == "__main__":
    print(list(islice(fibonacci(), 10)))  # [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]
    print(nth_fibonacci(90))  # 2880067194370816120
