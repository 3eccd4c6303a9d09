package main

import (
	"errors"
	"fmt"
)

// Account is a bank account; the zero value is an empty account.
type Account struct {
	Owner   string
	balance int64 // in cents
}

var ErrInsufficientFunds = errors.New("insufficient funds")

func (a *Account) Deposit(cents int64) {
	a.balance += cents
}

func (a *Account) Withdraw(cents int64) error {
	if cents > a.balance {
		return ErrInsufficientFunds
	}
	a.balance -= cents
	return nil
}

func (a *Account) Balance() int64 { return a.balance }

func main() {
	acc := &Account{Owner: "Ada"}
	acc.Deposit(10_000)
	if err := acc.Withdraw(20_000); err != nil {
		fmt.Println("withdraw:", err)
	}
	fmt.Printf("%s has %d cents\n", acc.Owner, acc.Balance())
}
