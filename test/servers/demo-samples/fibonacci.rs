/// An endless iterator over the Fibonacci numbers 0, 1, 1, 2, 3, 5, ...
/// (u128 holds them up to the 186th).
fn fibonacci() -> impl Iterator<Item = u128> {
    let mut state = (0u128, 1u128);
    std::iter::from_fn(move || {
        let current = state.0;
        state = (state.1, state.0 + state.1);
        Some(current)
    })
}

fn main() {
    let first: Vec<u128> = fibonacci().take(10).collect();
    println!("{:?}", first); // [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]
    println!("{}", fibonacci().nth(100).unwrap()); // 354224848179261915075
}
