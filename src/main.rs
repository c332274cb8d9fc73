//! The `vmlint` binary: everything lives in the library; see `cli.rs`.
//!
//! mimalloc as the allocator: parsing and building JSON trees is allocation-heavy, and glibc's
//! malloc spent about a third of a run's CPU time in `malloc`/`free` (perf, 3,500 Terraform
//! files).

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(vmlint::cli::main());
}
