//! Hostile input through the CLI: every case of `SECURITY.md`'s threat model gets its exact
//! error and exit code, within a time budget and a memory budget (the peak resident memory of
//! the vmlint process, from `wait4`), and a healthy file linted in the same run still produces
//! its finding.
//!
//! - `parsers`: sizes, nesting, documents, aliases, encodings, line endings;
//! - `filesystem`: symbolic links, FIFOs, unreadable and vanishing files, names that are not
//!   UTF-8;
//! - `policies`: untrusted Rego that calls the network, never ends, eats memory, or spends a
//!   file's or a run's evaluation budget.

#[path = "../common/mod.rs"]
mod common;
mod filesystem;
mod harness;
mod parsers;
mod policies;
