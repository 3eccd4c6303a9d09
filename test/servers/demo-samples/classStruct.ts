export class Money {
  private constructor(
    readonly cents: number,
    readonly currency: string,
  ) {}

  static of(amount: number, currency = 'EUR'): Money {
    return new Money(Math.round(amount * 100), currency);
  }

  add(other: Money): Money {
    if (other.currency !== this.currency) throw new Error(`Cannot add ${other.currency} to ${this.currency}`);
    return new Money(this.cents + other.cents, this.currency);
  }

  toString(): string {
    return new Intl.NumberFormat('en', { style: 'currency', currency: this.currency }).format(this.cents / 100);
  }
}

console.log(Money.of(19.99).add(Money.of(5)).toString()); // €24.99
