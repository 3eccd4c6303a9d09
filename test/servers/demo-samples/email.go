package main

import (
	"fmt"
	"net/mail"
	"strings"
)

// IsValidEmail accepts a bare address such as ada@example.com (no display name).
func IsValidEmail(address string) bool {
	parsed, err := mail.ParseAddress(address)
	return err == nil && parsed.Address == address && strings.Contains(address[strings.LastIndex(address, "@"):], ".")
}

func main() {
	fmt.Println(IsValidEmail("ada@example.com")) // true
	fmt.Println(IsValidEmail("ada@example"))     // false
}
