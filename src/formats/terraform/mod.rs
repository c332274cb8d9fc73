//! Terraform: native syntax (`hcl.rs`), JSON syntax (`json.rs`), the comment lexer for native
//! syntax (`comments.rs`), the module context that resolves `var.*` and `local.*`
//! (`module.rs`) and the adapter both syntaxes share (`workloads.rs`, with `hardware.rs` and
//! `backups.rs`).

mod address;
mod backups;
mod comments;
pub mod deployed;
pub mod eval;
mod hardware;
pub mod hcl;
pub mod instances;
pub mod json;
mod libvirt_provider;
pub mod module;
pub mod plan;
mod plan_source;
mod resolve;
pub mod schedules;
pub mod surroundings;
mod telmate;
mod vsphere_rules;
pub mod workloads;
