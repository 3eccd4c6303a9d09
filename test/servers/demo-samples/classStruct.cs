var a = new Point(0, 0);
var b = new Point(3, 4);
Console.WriteLine($"{a} -> {b}: {a.DistanceTo(b)}"); // Point { X = 0, Y = 0 } -> Point { X = 3, Y = 4 }: 5

public readonly record struct Point(double X, double Y)
{
    public double DistanceTo(Point other) =>
        Math.Sqrt(Math.Pow(X - other.X, 2) + Math.Pow(Y - other.Y, 2));
}
