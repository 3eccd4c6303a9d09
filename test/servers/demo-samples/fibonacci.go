package main

import (
	"fmt"
	"math/big"
)

// Fibonacci returns the n-th Fibonacci number, exact for any n >= 0.
func Fibonacci(n int) *big.Int {
	a, b := big.NewInt(0), big.NewInt(1)
	for i := 0; i < n; i++ {
		a.Add(a, b)
		a, b = b, a
	}
	return a
}

func main() {
	for i := 0; i < 10; i++ {
		fmt.Print(Fibonacci(i), " ")
	}
	fmt.Println()
	fmt.Println(Fibonacci(100)) // 354224848179261915075
}
