//! Terraform: native syntax (`hcl.rs`), JSON syntax (`json.rs`), the comment lexer for native
//! syntax (`comments.rs`) and the adapter both syntaxes share (`workloads.rs`).

mod comments;
pub mod hcl;
pub mod json;
pub mod workloads;
