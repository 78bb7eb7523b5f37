//! Prints the Arrow schema of a profile type or base resource, one column per line.
//!
//! `cargo run -p careconnect-arrow --example schema -- CareConnectPatient` (a profile type's
//! Rust name, or a base resource type: `Observation`).

use arrow_schema::{DataType, Field};

fn main() {
    let Some(name) = std::env::args().nth(1) else {
        eprintln!("usage: schema TYPE (a Care Connect profile type or a base resource type)");
        std::process::exit(2);
    };
    let schema = match careconnect_arrow::careconnect::table(&name) {
        Some(t) => t.schema(),
        None => match careconnect_arrow::stu3::table(&name) {
            Some(t) => t.schema(),
            None => {
                eprintln!("no profile type or resource type named `{name}`");
                std::process::exit(2);
            }
        },
    };
    for f in schema.fields() {
        print_field(f, 0);
    }
}

fn print_field(f: &Field, depth: usize) {
    let indent = "  ".repeat(depth);
    match f.data_type() {
        DataType::Struct(fields) => {
            println!("{indent}{}: struct", f.name());
            fields.iter().for_each(|c| print_field(c, depth + 1));
        }
        DataType::List(item) => match item.data_type() {
            DataType::Struct(fields) => {
                println!("{indent}{}: list of struct", f.name());
                fields.iter().for_each(|c| print_field(c, depth + 1));
            }
            other => println!("{indent}{}: list of {other}", f.name()),
        },
        other => println!("{indent}{}: {other}", f.name()),
    }
}
