package main

import "fmt"

// BinarySearch returns the index of target in the ascending slice items, or -1.
// (The standard library has slices.BinarySearch for real code.)
func BinarySearch[T int | float64 | string](items []T, target T) int {
	lo, hi := 0, len(items)-1
	for lo <= hi {
		mid := lo + (hi-lo)/2
		switch {
		case items[mid] == target:
			return mid
		case items[mid] < target:
			lo = mid + 1
		default:
			hi = mid - 1
		}
	}
	return -1
}

func main() {
	fmt.Println(BinarySearch([]int{1, 3, 5, 7, 9}, 7))           // 3
	fmt.Println(BinarySearch([]string{"ant", "bee", "cat"}, "cow")) // -1
}
