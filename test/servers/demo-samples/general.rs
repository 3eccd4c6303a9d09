use std::collections::HashMap;

/// How often each word occurs, case-insensitive.
fn word_count(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for word in text.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        if !word.is_empty() {
            *counts.entry(word).or_insert(0) += 1;
        }
    }
    counts
}

fn main() {
    let counts = word_count("The quick brown fox jumps over the lazy dog. The end.");
    println!("the: {}", counts["the"]); // the: 3
}
