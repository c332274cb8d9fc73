//! YAML files (workflows, actions, Kubernetes manifests) as JSON values, read with saphyr.

use saphyr::{LoadableYamlNode, Scalar, Yaml};
use serde_json::Value;

/// Every document of `text`.
pub fn documents(text: &str) -> Vec<Value> {
    Yaml::load_from_str(text)
        .expect("valid YAML")
        .iter()
        .map(to_json)
        .collect()
}

fn to_json(node: &Yaml) -> Value {
    match node {
        Yaml::Value(scalar) => match scalar {
            Scalar::Null => Value::Null,
            Scalar::Boolean(value) => Value::Bool(*value),
            Scalar::Integer(value) => Value::from(*value),
            Scalar::FloatingPoint(value) => Value::from(value.into_inner()),
            Scalar::String(text) => Value::String(text.to_string()),
        },
        Yaml::Sequence(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::Mapping(map) => Value::Object(
            map.iter()
                .map(|(key, value)| {
                    let key = match to_json(key) {
                        Value::String(text) => text,
                        other => other.to_string(),
                    };
                    (key, to_json(value))
                })
                .collect(),
        ),
        Yaml::Tagged(_, inner) => to_json(inner),
        Yaml::Representation(text, ..) => Value::String(text.to_string()),
        _ => Value::Null,
    }
}
