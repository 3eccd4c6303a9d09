/// Index of `target` in the ascending slice `items`, or None.
/// (Real code: `items.binary_search(&target).ok()`.)
fn binary_search<T: Ord>(items: &[T], target: &T) -> Option<usize> {
    let (mut lo, mut hi) = (0, items.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match items[mid].cmp(target) {
            std::cmp::Ordering::Equal => return Some(mid),
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
        }
    }
    None
}

fn main() {
    let items = [1, 3, 5, 7, 9];
    assert_eq!(binary_search(&items, &7), Some(3));
    assert_eq!(binary_search(&items, &4), None);
    println!("ok");
}
