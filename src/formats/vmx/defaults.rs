//! What VMware does when a definition says nothing, for every reader of VMware VMs (`.vmx`,
//! the vSphere provider, Ansible `vmware_guest`): the memory reservation is 0 MiB, so all
//! memory not reserved can be ballooned, compressed and swapped by the host; ESXi gives a guest a
//! vNUMA topology from `numa.vcpu.min` vCPUs (default 9) unless CPU hot add is on; and nested
//! virtualization, when a key switches it on, exposes the host's virtualization extensions.

use crate::model::{Fact, Workload};

/// The vCPU count from which ESXi exposes vNUMA (`numa.vcpu.min`).
pub const VNUMA_MIN_VCPUS: u64 = 9;

/// A stated reservation: MiB, the setting as written (`` `sched.mem.min = 16384` ``), and
/// where it stands.
pub struct Reservation {
    pub mib: u64,
    pub written: String,
    pub pointer: String,
}

/// Record what the reservation leaves to ballooning and swapping; `key` names the setting
/// when it is left out (reported at the memory size then). Locked memory is all reserved.
pub fn unreserved_memory(workload: &mut Workload, key: &str, stated: Option<Reservation>) {
    let Some(size) = workload.memory.size_mib.clone() else {
        return;
    };
    if workload.memory.locked.is_some() {
        return;
    }
    let reservation = stated.unwrap_or_else(|| Reservation {
        mib: 0,
        written: format!("no `{key}` (default 0)"),
        pointer: size.pointer.clone(),
    });
    if reservation.mib < size.value {
        workload.memory.reclaimable.push(Fact::new(
            format!(
                "{} leaves {} of its {} MiB to ballooning and host swapping",
                reservation.written,
                size.value - reservation.mib,
                size.value
            ),
            reservation.pointer,
        ));
    }
}

/// vNUMA: off where CPU hot add is on (`hotadd` is that setting's pointer), else on from
/// `minimum` vCPUs.
pub fn vnuma(workload: &mut Workload, hotadd: Option<String>, minimum: u64) {
    if let Some(hotadd) = hotadd {
        workload.cpu.numa = Some(Fact::new(false, hotadd));
    } else if let Some(count) = &workload.cpu.count {
        if count.value >= minimum {
            workload.cpu.numa = Some(Fact::new(true, count.pointer.clone()));
        }
    }
}

/// Nested virtualization switched on by `setting` (as written) at `pointer`.
pub fn nested_virtualization(workload: &mut Workload, setting: &str, pointer: String) {
    workload.cpu.weakenings.push(Fact::new(
        format!(
            "nested virtualization (`{setting}`) gives the guest the host's virtualization extensions"
        ),
        pointer,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vm(cpus: u64, memory: u64) -> Workload {
        let mut workload = Workload::default();
        workload.cpu.count = Some(Fact::new(cpus, "/cpus"));
        workload.memory.size_mib = Some(Fact::new(memory, "/memory"));
        workload
    }

    #[test]
    fn a_missing_reservation_is_zero_and_reported_at_the_memory_size() {
        let mut workload = vm(4, 8192);
        unreserved_memory(&mut workload, "sched.mem.min", None);
        assert_eq!(
            workload.memory.reclaimable,
            vec![Fact::new(
                "no `sched.mem.min` (default 0) leaves 8192 of its 8192 MiB to ballooning and host swapping".to_string(),
                "/memory"
            )]
        );
        let mut full = vm(4, 8192);
        let stated = Reservation {
            mib: 8192,
            written: "`sched.mem.min = 8192`".into(),
            pointer: "/min".into(),
        };
        unreserved_memory(&mut full, "sched.mem.min", Some(stated));
        assert!(full.memory.reclaimable.is_empty());
        let mut locked = vm(4, 8192);
        locked.memory.locked = Some(Fact::new(true, "/pin"));
        unreserved_memory(&mut locked, "sched.mem.min", None);
        assert!(locked.memory.reclaimable.is_empty());
    }

    #[test]
    fn vnuma_starts_at_nine_vcpus_and_cpu_hot_add_turns_it_off() {
        let mut small = vm(8, 1024);
        vnuma(&mut small, None, VNUMA_MIN_VCPUS);
        assert!(small.cpu.numa.is_none());
        let mut large = vm(9, 1024);
        vnuma(&mut large, None, VNUMA_MIN_VCPUS);
        assert_eq!(large.cpu.numa, Some(Fact::new(true, "/cpus")));
        let mut hot = vm(16, 1024);
        vnuma(&mut hot, Some("/hotadd".into()), VNUMA_MIN_VCPUS);
        assert_eq!(hot.cpu.numa, Some(Fact::new(false, "/hotadd")));
    }
}
