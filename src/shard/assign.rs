//! Which shard judges which file: rendezvous (highest-random-weight) hashing of the file's
//! *unit* — a Terraform module's directory (its files are evaluated together: variables,
//! locals, tfvars, module calls), any other file by its path.
//!
//! Stability: a unit's shard depends only on the unit and the shard count, never on the other
//! files, so adding or removing files moves no other file; going from N to N+1 shards moves
//! only the units the new shard wins (about 1/(N+1) of them), where `hash % N` would move
//! almost all. The hash is SipHash-1-3 with fixed keys over the unit's `/`-separated path: the
//! same on every machine and every run.

use std::hash::Hasher;
use std::path::Path;

use siphasher::sip::SipHasher13;

/// The unit a file is sharded by.
pub fn unit_of(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().to_string())
        .unwrap_or_default();
    let terraform = [".tf", ".tf.json", ".tfvars", ".tfvars.json"]
        .iter()
        .any(|suffix| name.ends_with(suffix));
    let unit = match (terraform, path.parent()) {
        (true, Some(parent)) => parent,
        _ => path,
    };
    crate::paths::slash_path(unit)
}

/// The shard (1-based, of `count`) that owns `unit`.
pub fn owner(unit: &str, count: usize) -> usize {
    (1..=count.max(1))
        .max_by_key(|shard| {
            let mut hasher = SipHasher13::new_with_keys(0x766d_6c69_6e74, 0x73_6861_7264);
            hasher.write(unit.as_bytes());
            hasher.write_u8(0xff);
            hasher.write_u64(*shard as u64);
            (hasher.finish(), std::cmp::Reverse(*shard))
        })
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terraform_module_is_one_unit_and_other_files_their_own() {
        assert_eq!(unit_of(Path::new("infra/vm/main.tf")), "infra/vm");
        assert_eq!(unit_of(Path::new("infra/vm/prod.tfvars")), "infra/vm");
        assert_eq!(unit_of(Path::new("infra/vm/x.tf.json")), "infra/vm");
        assert_eq!(
            unit_of(Path::new("pve/qemu-server/100.conf")),
            "pve/qemu-server/100.conf"
        );
    }

    #[test]
    fn shards_are_balanced_and_stable_when_files_or_shards_are_added() {
        let units: Vec<String> = (0..4000).map(|n| format!("estate/vm-{n}.conf")).collect();
        let mut counts = [0usize; 8];
        for unit in &units {
            counts[owner(unit, 8) - 1] += 1;
        }
        // 500 expected per shard; rendezvous hashing stays within a few percent.
        assert!(
            counts.iter().all(|&count| (430..=570).contains(&count)),
            "{counts:?}"
        );
        // One more shard: only units won by shard 9 move, about 1/9 of them.
        let moved: Vec<&String> = units
            .iter()
            .filter(|unit| owner(unit, 8) != owner(unit, 9))
            .collect();
        assert!(moved.iter().all(|unit| owner(unit, 9) == 9));
        assert!((350..=550).contains(&moved.len()), "{}", moved.len());
        // The owner depends on nothing but the unit and the count.
        assert_eq!(owner("estate/vm-7.conf", 8), owner("estate/vm-7.conf", 8));
        assert_eq!(owner("anything", 1), 1);
    }
}
