//! vmlint: a policy-as-code linter for workloads that do not belong on a hypervisor.
//!
//! The pipeline, one module per stage: [`discover`] → [`formats`] (parse into a
//! [`document::Document`], extract [`model::Workload`]s, with [`roles`]) → [`policy`] (Rego on
//! regorus) → [`lint`] (locate, sort) → [`report`]. The binary in `main.rs` is a thin CLI over
//! this library; tests and the language server use the same entry points.

pub mod audit;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod discover;
pub mod document;
pub mod estate;
pub mod formats;
pub mod init;
pub mod limits;
pub mod lint;
pub mod lsp;
pub mod model;
pub mod policy;
pub mod report;
pub mod repository;
pub mod roles;
pub mod schedule;
pub mod source_file;
pub mod suppress;
pub mod timings;
