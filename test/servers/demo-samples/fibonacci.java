import java.math.BigInteger;

public final class Fibonacci {
    private Fibonacci() {}

    /** Returns the n-th Fibonacci number, exact for any n >= 0. */
    public static BigInteger of(int n) {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0, got " + n);
        BigInteger a = BigInteger.ZERO;
        BigInteger b = BigInteger.ONE;
        for (int i = 0; i < n; i++) {
            BigInteger next = a.add(b);
            a = b;
            b = next;
        }
        return a;
    }

    public static void main(String[] args) {
        for (int i = 0; i < 10; i++) System.out.print(of(i) + " ");
        System.out.println();
        System.out.println(of(100)); // 354224848179261915075
    }
}
