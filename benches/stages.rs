//! Per-stage micro-benchmarks (divan): parsing per format in MB/s, engine cloning, rule
//! evaluation per document, and the whole per-file path.
//!
//! Run: `cargo bench --bench stages`. Inputs are files of the repository (fixtures and
//! examples) and, when present, the large virt-install dump of ../shared/corpus/real.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use vmlint::formats::{self, Format};
use vmlint::pipeline;
use vmlint::pipeline::context::RepositoryContext;
use vmlint::policy::{PolicyOptions, PolicySet};

fn main() {
    divan::main();
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct Input {
    path: PathBuf,
    source: Arc<str>,
    format: Format,
}

fn input(relative: &str, format: Format) -> Input {
    let path = repo().join(relative);
    let source: Arc<str> = Arc::from(std::fs::read_to_string(&path).expect("bench input"));
    Input {
        path,
        source,
        format,
    }
}

/// A large libvirt domain: the corpus's many-devices dump when available, else an example.
fn large_libvirt() -> Input {
    let corpus = "../shared/corpus/real/libvirt/cli_compare_virt-install-many-devices.xml";
    if Path::new(&repo().join(corpus)).exists() {
        input(corpus, Format::Libvirt)
    } else {
        input("examples/libvirt/rtu-gateway.xml", Format::Libvirt)
    }
}

fn inputs() -> [(&'static str, Input); 7] {
    [
        (
            "terraform",
            input("examples/terraform/plant-floor/main.tf", Format::Terraform),
        ),
        (
            "terraform-json",
            input(
                "examples/terraform/vdi/workstations.tf.json",
                Format::TerraformJson,
            ),
        ),
        ("libvirt", large_libvirt()),
        (
            "ansible",
            input("examples/ansible/provision-vision.yml", Format::Ansible),
        ),
        (
            "kubevirt",
            input("examples/kubevirt/vran-du.yaml", Format::KubeVirt),
        ),
        (
            "proxmox",
            input("examples/proxmox/qemu-server/210.conf", Format::Proxmox),
        ),
        ("vmx", input("examples/vmware/cad-ws-03.vmx", Format::Vmx)),
    ]
}

const ALL: [&str; 7] = [
    "terraform",
    "terraform-json",
    "libvirt",
    "ansible",
    "kubevirt",
    "proxmox",
    "vmx",
];

#[divan::bench(args = ALL)]
fn parse(bencher: Bencher, name: &str) {
    let all = inputs();
    let (_, input) = all.iter().find(|(n, _)| *n == name).unwrap();
    bencher
        .counter(BytesCount::new(input.source.len()))
        .bench(|| {
            formats::parse(input.format, input.path.clone(), input.source.clone()).expect("parses")
        });
}

#[divan::bench(args = ALL)]
fn parse_and_extract(bencher: Bencher, name: &str) {
    let all = inputs();
    let (_, input) = all.iter().find(|(n, _)| *n == name).unwrap();
    bencher.bench(|| {
        let document =
            formats::parse(input.format, input.path.clone(), input.source.clone()).unwrap();
        formats::extract_workloads(&document, &Default::default())
    });
}

#[divan::bench]
fn engine_clone(bencher: Bencher) {
    let policies = PolicySet::load(&PolicyOptions::default()).unwrap();
    bencher.bench(|| black_box(policies.evaluator()));
}

/// All built-in rules on one document, reusing one evaluator (as a worker thread does).
#[divan::bench(args = ALL)]
fn lint_one_file(bencher: Bencher, name: &str) {
    let policies = PolicySet::load(&PolicyOptions::default()).unwrap();
    let all = inputs();
    let (_, input) = all.iter().find(|(n, _)| *n == name).unwrap();
    let mut evaluator = policies.evaluator();
    bencher.bench_local(|| {
        pipeline::lint_source(
            input.path.clone(),
            input.source.clone(),
            input.format,
            &mut evaluator,
            &RepositoryContext::default(),
            &pipeline::FileSettings::default(),
        )
    });
}

/// The same with a fresh evaluator each time: what a clone costs if it is not reused.
#[divan::bench(args = ["terraform"])]
fn lint_one_file_fresh_evaluator(bencher: Bencher, name: &str) {
    let policies = PolicySet::load(&PolicyOptions::default()).unwrap();
    let all = inputs();
    let (_, input) = all.iter().find(|(n, _)| *n == name).unwrap();
    bencher.bench_local(|| {
        let mut evaluator = policies.evaluator();
        pipeline::lint_source(
            input.path.clone(),
            input.source.clone(),
            input.format,
            &mut evaluator,
            &RepositoryContext::default(),
            &pipeline::FileSettings::default(),
        )
    });
}

#[divan::bench(sample_count = 10)]
fn load_policies() -> PolicySet {
    PolicySet::load(&PolicyOptions::default()).unwrap()
}

/// Converting the Rego input (document tree + workloads) to a regorus value.
#[divan::bench(args = ["terraform", "libvirt"])]
fn input_conversion(bencher: Bencher, name: &str) {
    let all = inputs();
    let (_, input) = all.iter().find(|(n, _)| *n == name).unwrap();
    let document = formats::parse(input.format, input.path.clone(), input.source.clone()).unwrap();
    let workloads = formats::extract_workloads(&document, &Default::default());
    let json = serde_json::json!({"document": document.tree, "workloads": workloads});
    bencher.bench(|| regorus::Value::from(json.clone()));
}

/// Evaluating every rule on an already converted input.
#[divan::bench(args = ["terraform", "libvirt"])]
fn evaluate_only(bencher: Bencher, name: &str) {
    let policies = PolicySet::load(&PolicyOptions::default()).unwrap();
    let all = inputs();
    let (_, input) = all.iter().find(|(n, _)| *n == name).unwrap();
    let document = formats::parse(input.format, input.path.clone(), input.source.clone()).unwrap();
    let workloads = formats::extract_workloads(&document, &Default::default());
    let value = regorus::Value::from(
        serde_json::json!({"document": document.tree, "workloads": workloads}),
    );
    let mut evaluator = policies.evaluator();
    bencher.bench_local(|| evaluator.evaluate(value.clone(), &|_| true));
}

/// Every built-in rule on a document of N workloads, per workload (items/s → µs per workload).
#[divan::bench(args = [1, 10, 100])]
fn evaluate_per_workload(bencher: Bencher, workloads: usize) {
    let policies = PolicySet::load(&PolicyOptions::default()).unwrap();
    let mut source = String::new();
    for index in 0..workloads {
        source.push_str(&format!(
            "resource \"proxmox_virtual_environment_vm\" \"vm_{index}\" {{\n  name = \"web-{index}\"\n  usb {{\n    host = \"0529:0001\"\n  }}\n}}\n"
        ));
    }
    let document = formats::parse(
        Format::Terraform,
        PathBuf::from("bench.tf"),
        Arc::from(source),
    )
    .unwrap();
    let extracted = formats::extract_workloads(&document, &Default::default());
    assert_eq!(extracted.len(), workloads);
    let value = regorus::Value::from(serde_json::json!({"workloads": extracted}));
    let mut evaluator = policies.evaluator();
    bencher
        .counter(divan::counter::ItemsCount::new(workloads))
        .bench_local(|| evaluator.evaluate(value.clone(), &|_| true));
}
