using System.Numerics;

static IEnumerable<BigInteger> Fibonacci()
{
    BigInteger a = 0, b = 1;
    while (true)
    {
        yield return a;
        (a, b) = (b, a + b);
    }
}

Console.WriteLine(string.Join(", ", Fibonacci().Take(10))); // 0, 1, 1, 2, 3, 5, 8, 13, 21, 34
Console.WriteLine(Fibonacci().ElementAt(100)); // 354224848179261915075
