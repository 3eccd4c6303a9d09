public final class Search {
    private Search() {}

    /** Index of target in the ascending array items, or -1. */
    public static int binarySearch(int[] items, int target) {
        int lo = 0;
        int hi = items.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (items[mid] == target) return mid;
            if (items[mid] < target) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }

    public static void main(String[] args) {
        System.out.println(binarySearch(new int[] {1, 3, 5, 7, 9}, 7)); // 3
    }
}
