package main

import (
	"fmt"
	"strings"
)

// WordCount returns how often each word occurs, case-insensitive.
func WordCount(text string) map[string]int {
	counts := make(map[string]int)
	for _, word := range strings.Fields(strings.ToLower(text)) {
		counts[strings.Trim(word, ".,;:!?\"'()")]++
	}
	return counts
}

func main() {
	fmt.Println(WordCount("the quick brown fox jumps over the lazy dog"))
}
