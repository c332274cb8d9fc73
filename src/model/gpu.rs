//! Whether a GPU resource, profile or cloud size names a share of a GPU rather than a whole one:
//! NVIDIA vGPU profiles (`grid_t4-4q`, `nvidia.com/GRID_T4-1Q`, `NVIDIA_A10-4Q`), MIG slices
//! (`nvidia.com/mig-1g.5gb`), time-sliced resources (`nvidia.com/gpu.shared`, the GPU
//! operator's renamed shared resource) and the fractional cloud sizes (Azure NVv4 and
//! NVadsA10 v5 below the full-GPU size, AWS `g6f`/`gr6f`).

/// How `name` (a device-plugin resource or a vGPU profile) shares its GPU, described; `None`
/// for a whole GPU or a name that says nothing about sharing.
pub fn share_of_resource(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    let last = lower.rsplit('/').next().unwrap_or(&lower);
    if last.starts_with("mig-") || last.contains(".mig-") {
        return Some(format!("MIG slice `{name}`"));
    }
    if last.ends_with(".shared") || last.contains("timeslic") || last.contains("time-slic") {
        return Some(format!("time-sliced GPU resource `{name}`"));
    }
    vgpu_profile(last).then(|| format!("vGPU profile `{name}`"))
}

/// NVIDIA vGPU profiles end in `-<frame buffer in GB><series letter>`: `grid_t4-4q`,
/// `grid_p100-8q`, `nvidia_a100-20c`, `GRID_RTX6000-2B`.
fn vgpu_profile(name: &str) -> bool {
    let Some((device, profile)) = name.rsplit_once('-') else {
        return false;
    };
    let (size, series) = profile.split_at(profile.len().saturating_sub(1));
    (device.starts_with("grid") || device.starts_with("nvidia"))
        && !size.is_empty()
        && size.chars().all(|c| c.is_ascii_digit())
        && matches!(series, "q" | "b" | "a" | "c")
}

/// The fractional GPU sizes of the clouds: Azure NVv4 (`Standard_NV4as_v4` is 1/8 of an MI25,
/// NV32as_v4 the whole), NVadsA10 v5 (NV6ads is 1/6 of an A10, NV36ads the whole), and AWS
/// `g6f`/`gr6f` (fractions of an L4).
pub fn cloud_share(size: &str) -> Option<String> {
    let lower = size.to_ascii_lowercase();
    let fraction = if let Some(rest) = lower.strip_prefix("standard_nv") {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let cores: u32 = digits.parse().ok()?;
        let family = &rest[digits.len()..];
        match family {
            "as_v4" if cores < 32 => Some(format!("1/{} of an AMD MI25", 32 / cores)),
            "ads_a10_v5" if cores < 36 => Some(format!("1/{} of an NVIDIA A10", 36 / cores)),
            _ => None,
        }
    } else if lower.starts_with("g6f.") || lower.starts_with("gr6f.") {
        Some("a fraction of an NVIDIA L4".to_string())
    } else {
        None
    }?;
    Some(format!("size `{size}` is {fraction}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_told_from_whole_gpus() {
        assert!(share_of_resource("nvidia.com/mig-1g.5gb").is_some());
        assert!(share_of_resource("nvidia.com/gpu.shared").is_some());
        assert!(share_of_resource("nvidia.com/GRID_T4-1Q").is_some());
        assert!(share_of_resource("grid_p100-8q").is_some());
        assert!(share_of_resource("nvidia.com/GA100").is_none());
        assert!(share_of_resource("nvidia.com/TU104GL_Tesla_T4").is_none());
        assert!(share_of_resource("nvidia.com/gpu").is_none());
        assert_eq!(
            cloud_share("Standard_NV4as_v4").as_deref(),
            Some("size `Standard_NV4as_v4` is 1/8 of an AMD MI25")
        );
        assert!(cloud_share("Standard_NV32as_v4").is_none());
        assert!(cloud_share("Standard_NV36ads_A10_v5").is_none());
        assert!(cloud_share("g6f.xlarge").is_some());
        assert!(cloud_share("g5.xlarge").is_none());
    }
}
