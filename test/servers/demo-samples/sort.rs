#[derive(Debug)]
struct Person {
    name: String,
    age: u32,
}

fn main() {
    let mut people = vec![
        Person { name: "Grace".into(), age: 85 },
        Person { name: "Ada".into(), age: 36 },
        Person { name: "Linus".into(), age: 54 },
    ];
    people.sort_by_key(|p| p.age); // stable
    let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
    println!("{names:?}"); // ["Ada", "Linus", "Grace"]
}
