var path = args.Length > 0 ? args[0] : "hello.py";
var number = 0;
foreach (var line in File.ReadLines(path))
{
    Console.WriteLine($"{++number,4}: {line}");
}
