import java.util.Objects;

/** An immutable amount of money in cents. */
public record Money(long cents, String currency) {
    public Money {
        Objects.requireNonNull(currency, "currency");
        if (cents < 0) throw new IllegalArgumentException("cents must be >= 0");
    }

    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("Cannot add " + other.currency + " to " + currency);
        }
        return new Money(cents + other.cents, currency);
    }

    public static void main(String[] args) {
        System.out.println(new Money(1999, "EUR").plus(new Money(500, "EUR"))); // Money[cents=2499, currency=EUR]
    }
}
