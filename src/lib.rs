//! vmlint: a policy-as-code linter for workloads that do not belong on a hypervisor.
//!
//! [`project`] is the front door: it resolves the configuration, the policies, their params,
//! the hosts and the limits once, and every command opens one. [`pipeline`] is the one path a
//! file takes, as a folder whose files are its stages (discover → read → detect → parse →
//! extract → context → evaluate → repository stage → locate → filter); [`formats`] holds the
//! format adapters it calls, [`model`] the common workload model, [`policy`] the Rego engine,
//! [`report`] the output formats. The front-ends — [`cli`], [`lsp`] and [`audit`] — differ only
//! in the source tree files come from and where findings go. `docs/architecture.md` draws it.

/// The version and the commit this build comes from (`0.1.0 (e8051d6abc)`): `--version`,
/// reports and cache keys name it, so that two builds of one version with different code do
/// not share cached results.
pub const BUILD_VERSION: &str =
    concat!(env!("CARGO_PKG_VERSION"), " (", env!("VMLINT_COMMIT"), ")");

pub mod audit;
pub mod cli;
pub mod config;
pub mod dates;
pub mod diagnostic;
pub mod document;
pub mod formats;
pub mod init;
pub mod limits;
pub mod lsp;
pub mod model;
pub mod paths;
pub mod pipeline;
pub mod policy;
pub mod progress;
pub mod project;
pub mod report;
pub mod shard;
