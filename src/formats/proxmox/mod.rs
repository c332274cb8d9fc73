//! Proxmox VE VM configurations (`/etc/pve/qemu-server/<vmid>.conf`): parsing (`conf.rs`), the
//! property strings of their values (`props.rs`) and the adapter (`workloads.rs`), which the
//! Ansible `proxmox_kvm` module reuses since it takes the same keys and values.

pub mod cluster;
pub mod cluster_facts;
pub mod conf;
pub mod props;
pub mod workloads;
