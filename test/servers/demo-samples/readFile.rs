use std::fs::File;
use std::io::{self, BufRead, BufReader};

fn main() -> io::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "hello.py".to_string());
    let reader = BufReader::new(File::open(&path)?);
    for (number, line) in reader.lines().enumerate() {
        println!("{:4}: {}", number + 1, line?);
    }
    Ok(())
}
