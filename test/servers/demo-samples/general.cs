var text = "The quick brown fox jumps over the lazy dog. The end.";
var counts = text
    .Split(new[] { ' ', '.', ',' }, StringSplitOptions.RemoveEmptyEntries)
    .GroupBy(word => word.ToLowerInvariant())
    .OrderByDescending(group => group.Count())
    .Select(group => (Word: group.Key, Count: group.Count()));

foreach (var (word, count) in counts.Take(3))
{
    Console.WriteLine($"{word,-8}{count}");
}
