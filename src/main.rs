//! The `vmlint` binary: everything lives in the library; see `cli.rs`.
//!
//! The allocator is mimalloc, installed by regorus's `allocator-memory-limits` feature (its
//! `regorus-mimalloc` fork counts live bytes so that policy evaluation can be stopped at a memory
//! ceiling, see `policy::limits`). mimalloc was chosen before that for speed: parsing and building
//! JSON trees is allocation-heavy, and glibc's malloc spent about a third of a run's CPU time in
//! `malloc`/`free` (perf, 3,500 Terraform files).

fn main() {
    std::process::exit(vmlint::cli::main());
}
