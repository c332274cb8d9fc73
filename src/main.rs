//! The `vmlint` binary: everything lives in the library; see `cli.rs`.

fn main() {
    std::process::exit(vmlint::cli::main());
}
