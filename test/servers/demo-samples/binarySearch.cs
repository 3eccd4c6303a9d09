static int BinarySearch<T>(IReadOnlyList<T> items, T target) where T : IComparable<T>
{
    int lo = 0, hi = items.Count - 1;
    while (lo <= hi)
    {
        int mid = lo + (hi - lo) / 2;
        int order = items[mid].CompareTo(target);
        if (order == 0) return mid;
        if (order < 0) lo = mid + 1;
        else hi = mid - 1;
    }
    return -1;
}

Console.WriteLine(BinarySearch(new[] { 1, 3, 5, 7, 9 }, 7)); // 3
