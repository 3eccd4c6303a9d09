import sys
from collections import Counter


def word_counts(text: str, top: int = 10) -> list[tuple[str, int]]:
    """The most common words of text, case-insensitive."""
    words = (w.strip(".,;:!?\"'()").lower() for w in text.split())
    return Counter(w for w in words if w).most_common(top)


if __name__ == "__main__":
    for word, count in word_counts(sys.stdin.read()):
        print(f"{count:6} {word}")
