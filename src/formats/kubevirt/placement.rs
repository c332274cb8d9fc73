//! Where a KubeVirt VM may run, as the Kubernetes scheduler reads a pod spec: a node it is
//! pinned to (`nodeSelector` or a required `nodeAffinity` term on `kubernetes.io/hostname` with
//! one value) and what keeps members of one cluster apart — `podAntiAffinity` or
//! `topologySpreadConstraints` over a topology key that separates hosts (`kubernetes.io/hostname`,
//! or a zone or region, which are made of hosts).

use serde_json::Value;

use crate::document::pointer;
use crate::model::{Fact, Workload};

type Object = serde_json::Map<String, Value>;

const HOSTNAME: &str = "kubernetes.io/hostname";

/// Topology keys whose domains never share a host.
const HOST_SEPARATING_KEYS: [&str; 5] = [
    HOSTNAME,
    "topology.kubernetes.io/zone",
    "topology.kubernetes.io/region",
    "failure-domain.beta.kubernetes.io/zone",
    "failure-domain.beta.kubernetes.io/region",
];

pub fn read(workload: &mut Workload, spec: &Object, at: &str) {
    if let Some(host) = spec
        .get("nodeSelector")
        .and_then(|selector| selector.get(HOSTNAME))
        .and_then(Value::as_str)
    {
        let host_at = pointer::push(&pointer::push(at, "nodeSelector"), HOSTNAME);
        workload.placement.host = Some(Fact::new(host.to_string(), host_at));
    } else if let Some((host, host_at)) = required_node(spec, at) {
        workload.placement.host = Some(Fact::new(host, host_at));
    }
    if let Some(separated_at) = anti_affinity(spec, at).or_else(|| spread(spec, at)) {
        workload.placement.anti_affinity = Some(Fact::new(true, separated_at));
    }
}

/// A required node affinity that allows exactly one host.
fn required_node(spec: &Object, at: &str) -> Option<(String, String)> {
    let required_at = [
        "affinity",
        "nodeAffinity",
        "requiredDuringSchedulingIgnoredDuringExecution",
    ]
    .iter()
    .fold(at.to_string(), |at, key| pointer::push(&at, key));
    let terms = spec
        .get("affinity")?
        .get("nodeAffinity")?
        .get("requiredDuringSchedulingIgnoredDuringExecution")?
        .get("nodeSelectorTerms")?
        .as_array()?;
    // Terms are ORed: only a single term can pin the VM.
    let [term] = terms.as_slice() else {
        return None;
    };
    let expressions = term.get("matchExpressions")?.as_array()?;
    expressions
        .iter()
        .enumerate()
        .find_map(|(index, expression)| {
            let values = expression.get("values")?.as_array()?;
            let pinned = expression.get("key")?.as_str()? == HOSTNAME
                && expression.get("operator")?.as_str()? == "In"
                && values.len() == 1;
            let host = values.first()?.as_str()?;
            let terms_at = pointer::push(&required_at, "nodeSelectorTerms");
            let expression_at = pointer::push_index(
                &pointer::push(&pointer::push_index(&terms_at, 0), "matchExpressions"),
                index,
            );
            pinned.then(|| (host.to_string(), expression_at))
        })
}

/// A pod anti-affinity term (required or preferred) over a host-separating topology key.
fn anti_affinity(spec: &Object, at: &str) -> Option<String> {
    let anti = spec.get("affinity")?.get("podAntiAffinity")?;
    let anti_at = pointer::push(&pointer::push(at, "affinity"), "podAntiAffinity");
    for kind in [
        "requiredDuringSchedulingIgnoredDuringExecution",
        "preferredDuringSchedulingIgnoredDuringExecution",
    ] {
        for (index, term) in anti
            .get(kind)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            // A preferred term wraps its term in `podAffinityTerm`.
            let key = term
                .get("topologyKey")
                .or_else(|| {
                    term.get("podAffinityTerm")
                        .and_then(|t| t.get("topologyKey"))
                })
                .and_then(Value::as_str);
            if key.is_some_and(|key| HOST_SEPARATING_KEYS.contains(&key)) {
                return Some(pointer::push_index(&pointer::push(&anti_at, kind), index));
            }
        }
    }
    None
}

/// A topology spread constraint over a host-separating key.
fn spread(spec: &Object, at: &str) -> Option<String> {
    let constraints_at = pointer::push(at, "topologySpreadConstraints");
    spec.get("topologySpreadConstraints")?
        .as_array()?
        .iter()
        .enumerate()
        .find(|(_, constraint)| {
            constraint
                .get("topologyKey")
                .and_then(Value::as_str)
                .is_some_and(|key| HOST_SEPARATING_KEYS.contains(&key))
        })
        .map(|(index, _)| pointer::push_index(&constraints_at, index))
}
