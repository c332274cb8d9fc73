use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde_json::json;

use super::*;

fn file(name: &str) -> Arc<Path> {
    Arc::from(Path::new(name))
}

/// Evaluate the attribute `x` of `source` with `variables`.
fn eval_with(source: &str, variables: &HashMap<String, Traced>) -> Traced {
    let document = crate::formats::terraform::hcl::parse(
        std::path::PathBuf::from("main.tf"),
        Arc::from(source),
    )
    .unwrap();
    let locals = |name: &str| (name == "node").then(|| Traced::new(Val::String("pve-02".into())));
    let resources = |kind: &str, label: &str| {
        (kind == "proxmox_virtual_environment_vm" && label == "cad").then(|| {
            Traced::new(Val::Object(vec![(
                "vm_id".to_string(),
                Traced::new(Val::Number(120.0)),
            )]))
        })
    };
    let lookup = |name: &str| variables.get(name).cloned();
    let scope = Scope {
        variables: &lookup,
        locals: &locals,
        resources: &resources,
        iteration: vec![(
            "count".to_string(),
            Traced::new(Val::Object(vec![(
                "index".to_string(),
                Traced::new(Val::Number(2.0)),
            )])),
        )],
    };
    evaluate(
        &document.tree["x"],
        &Place::new(&file("main.tf"), "/x"),
        &scope,
    )
}

fn eval(source: &str) -> Value {
    let mut variables = HashMap::new();
    let tfvars = Place::new(&file("terraform.tfvars"), "/usb_ids");
    variables.insert(
        "usb_ids".to_string(),
        Traced::from_literal(&json!(["0529:0001", "064f:2af9"]), &tfvars),
    );
    variables.insert(
        "vms".to_string(),
        Traced::from_literal(&json!({"a": {"cores": 4}, "b": {"cores": 8}}), &tfvars),
    );
    eval_with(source, &variables).to_json(&json!("UNKNOWN"))
}

#[test]
fn references_functions_and_operators() {
    assert_eq!(eval("x = var.usb_ids[1]"), json!("064f:2af9"));
    assert_eq!(
        eval("x = \"vm:${proxmox_virtual_environment_vm.cad.vm_id}\""),
        json!("vm:120")
    );
    assert_eq!(eval("x = \"pve-${count.index + 1}\""), json!("pve-3"));
    assert_eq!(eval("x = local.node"), json!("pve-02"));
    assert_eq!(
        eval("x = format(\"cad-%02d\", count.index)"),
        json!("cad-02")
    );
    assert_eq!(
        eval("x = join(\",\", var.usb_ids)"),
        json!("0529:0001,064f:2af9")
    );
    assert_eq!(eval("x = length(var.usb_ids) * 2"), json!(4));
    assert_eq!(
        eval("x = lookup(var.vms, \"c\", { cores = 1 }).cores"),
        json!(1)
    );
    assert_eq!(eval("x = var.vms[\"b\"].cores"), json!(8));
    assert_eq!(
        eval("x = [for k, v in var.vms : v.cores if k != \"a\"]"),
        json!([8])
    );
    assert_eq!(
        eval("x = { for k, v in var.vms : upper(k) => v.cores }"),
        json!({"A": 4, "B": 8})
    );
    assert_eq!(
        eval("x = merge({ a = 1 }, { a = 2, b = 3 })"),
        json!({"a": 2, "b": 3})
    );
    assert_eq!(eval("x = concat(var.usb_ids, [\"x\"])[2]"), json!("x"));
    assert_eq!(eval("x = try(var.vms.c.cores, 2)"), json!(2));
    assert_eq!(eval("x = coalesce(\"\", \"b\")"), json!("b"));
    assert_eq!(eval("x = range(3)"), json!([0, 1, 2]));
    assert_eq!(eval("x = toset([\"a\", \"a\", \"b\"])"), json!(["a", "b"]));
    assert_eq!(eval("x = keys(var.vms)"), json!(["a", "b"]));
    assert_eq!(eval("x = jsondecode(\"{\\\"a\\\": [1]}\").a[0]"), json!(1));
    assert_eq!(
        eval("x = replace(split(\",\", \"a,b\")[1], \"b\", \"c\")"),
        json!("c")
    );
    assert_eq!(eval("x = true ? \"yes\" : var.nothing"), json!("yes"));
    assert_eq!(eval("x = element(var.usb_ids, 3)"), json!("064f:2af9"));
}

#[test]
fn what_is_not_known_stays_unknown() {
    assert_eq!(eval("x = var.nothing"), json!("UNKNOWN"));
    assert_eq!(eval("x = \"vm-${var.nothing}\""), json!("UNKNOWN"));
    assert_eq!(eval("x = var.nothing ? 1 : 2"), json!("UNKNOWN"));
    assert_eq!(
        eval("x = proxmox_virtual_environment_vm.other.id"),
        json!("UNKNOWN")
    );
    assert_eq!(
        eval("x = data.proxmox_nodes.all.names[0]"),
        json!("UNKNOWN")
    );
    assert_eq!(eval("x = timestamp()"), json!("UNKNOWN"));
    assert_eq!(eval("x = upper(var.nothing)"), json!("UNKNOWN"));
    // Unknown inside a known list: the list is known, the element marked computed.
    assert_eq!(eval("x = [\"a\", var.nothing]"), json!(["a", "${unknown}"]));
}

#[test]
fn values_remember_where_they_were_written() {
    let variables = HashMap::from([(
        "usb_ids".to_string(),
        Traced::from_literal(
            &json!(["0529:0001"]),
            &Place::new(&file("terraform.tfvars"), "/usb_ids"),
        ),
    )]);
    let value = eval_with("x = var.usb_ids[0]", &variables);
    assert_eq!(
        value.from,
        vec![Place::new(&file("terraform.tfvars"), "/usb_ids/0")]
    );
    // Bound again as a module argument: the argument is the next place on the way.
    let argument = Place::new(&file("main.tf"), "/module/a/0/ids");
    let bound = value.clone().bound_at(&argument);
    assert_eq!(bound.from.len(), 2);
    assert_eq!(bound.from[1], argument);
    // A literal bound at an argument was written there, element by element.
    let literal = evaluate(
        &json!(["a"]),
        &argument,
        &Scope {
            variables: &|_| None,
            locals: &|_| None,
            resources: &|_, _| None,
            iteration: Vec::new(),
        },
    )
    .bound_at(&argument);
    let Val::List(items) = &literal.val else {
        panic!()
    };
    assert_eq!(items[0].from, vec![argument.push_index(0)]);
    let mut origins = Vec::new();
    record_origins(&literal, "/usb", &mut origins);
    assert_eq!(origins[1].0, "/usb/0");
}
