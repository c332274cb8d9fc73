//! What one file can do to the readers: size, nesting, documents, aliases, encodings.

use crate::harness::{check, error_about, located, write, BUDGET};

#[test]
fn a_billion_laughs_yaml_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut yaml = String::from(
        "- hosts: all\n  vars:\n    a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for level in 1..10 {
        let previous = format!("*a{}", level - 1);
        yaml.push_str(&format!(
            "    a{level}: &a{level} [{}]\n",
            vec![previous; 10].join(", ")
        ));
    }
    write(dir.path(), "playbooks/laughs.yml", &yaml);
    let (report, code) = check(dir.path(), &[], BUDGET);
    assert_eq!(code, Some(2));
    let error = error_about(&report, "playbooks/laughs.yml");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("alias expansion exceeded the maximum node budget"),
        "{error}"
    );
    // A lower budget refuses a smaller expansion.
    write(
        dir.path(),
        "playbooks/laughs.yml",
        "- hosts: all\n  vars:\n    a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n    b: [*a, *a]\n",
    );
    let (report, code) = check(dir.path(), &["--max-yaml-alias-nodes", "15"], BUDGET);
    assert_eq!(code, Some(2));
    let error = error_about(&report, "playbooks/laughs.yml");
    assert_eq!(located(error).1, Some(4), "{error}");
}

#[test]
fn an_oversized_file_is_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "big/qemu-server/101.conf",
        &"# padding line\n".repeat(10_000),
    );
    let (report, code) = check(dir.path(), &["--max-file-size", "65536"], BUDGET);
    assert_eq!(code, Some(2));
    let error = error_about(&report, "big/qemu-server/101.conf");
    assert_eq!(
        error["message"],
        "file is 150000 bytes, above the limit of 65536 (--max-file-size): not read"
    );
}

/// Nesting that overflowed the stack before `--max-depth` existed: a YAML stream of compact
/// block sequences and a libvirt file of nested elements.
#[test]
fn deep_yaml_and_xml_are_located_errors_not_stack_overflows() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "playbooks/deep.yml",
        &format!("{}x\n", "- ".repeat(200_000)),
    );
    write(
        dir.path(),
        "vms/deep.xml",
        &format!(
            "<domain type=\"kvm\"><name>x</name>{}{}</domain>\n",
            "<a>".repeat(20_000),
            "</a>".repeat(20_000)
        ),
    );
    let (report, code) = check(dir.path(), &[], BUDGET);
    assert_eq!(code, Some(2), "{report}");
    // Level 65 is the 65th `- ` (column 129) and the 64th `<a>` (after 33 + 63 × 3 bytes).
    assert_eq!(
        located(error_about(&report, "playbooks/deep.yml")),
        (
            "cannot parse as ansible: nested more than 64 levels deep (--max-depth): not read",
            Some(1),
            Some(129)
        )
    );
    assert_eq!(
        located(error_about(&report, "vms/deep.xml")),
        (
            "cannot parse as libvirt: nested more than 64 levels deep (--max-depth): not read",
            Some(1),
            Some(223)
        )
    );
}

#[test]
fn max_depth_applies_to_terraform_and_hcl_keeps_its_own_ceiling() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "tf/locals.tf.json",
        "{\"locals\": {\"a\": [[[[1]]]]}}\n",
    );
    let (report, code) = check(dir.path(), &["--max-depth", "4"], BUDGET);
    assert_eq!(code, Some(2));
    // Levels: the root object 1, `locals` 2, `a` 3, `a[0]` 4, `a[0][0]` 5 (column 20).
    assert_eq!(
        located(error_about(&report, "tf/locals.tf.json")),
        (
            "cannot parse as terraform-json: nested more than 4 levels deep (--max-depth): not read",
            Some(1),
            Some(20)
        )
    );
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "tf/deep.tf",
        &format!("x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
    );
    let (report, code) = check(dir.path(), &[], BUDGET);
    assert_eq!(code, Some(2));
    let (message, line, column) = located(error_about(&report, "tf/deep.tf"));
    assert!(
        message.contains("expected at most 64 nested levels"),
        "{message}"
    );
    assert_eq!((line, column), (Some(1), Some(70)));
}

/// Found by fuzzing: hcl-edit backtracked over an invalid term nested under binary operators
/// or in an index, 1.6^depth to 2^depth steps. These would take hours to years unpatched
/// (see vendor/hcl-edit).
#[test]
fn hcl_that_made_the_parser_backtrack_exponentially_fails_at_once() {
    let dir = tempfile::tempdir().unwrap();
    for (name, open, close) in [
        ("index", "7*7*7[", "]"),
        ("parens", "7*7*(", ")"),
        ("object", "{a = 7*7*", "}"),
    ] {
        write(
            dir.path(),
            &format!("tf/{name}.tf"),
            &format!("x = {}7&7{}\n", open.repeat(40), close.repeat(40)),
        );
    }
    // An unary operand with an index, nested in an index: 1.6^depth before the second patch.
    write(
        dir.path(),
        "tf/unary-index.tf",
        &format!("x = [{}\n", "!7[7][".repeat(30)),
    );
    let (report, code) = check(dir.path(), &[], BUDGET);
    assert_eq!(code, Some(2));
    assert_eq!(
        located(error_about(&report, "tf/unary-index.tf")),
        (
            "cannot parse as terraform: unexpected token",
            Some(1),
            Some(5 + 30 * 6 + 1)
        )
    );
    for (name, width) in [("index", 6), ("parens", 5), ("object", 9)] {
        assert_eq!(
            located(error_about(&report, &format!("tf/{name}.tf"))),
            (
                "cannot parse as terraform: unexpected token",
                Some(1),
                Some(4 + 40 * width + 3)
            ),
            "{name}"
        );
    }
}

/// Found by fuzzing: a schedule whose minute field is empty (`cron(, 0 * * ? *)`) never
/// matches, and croner searched hour by hour up to the year 5000 for its next start: 0.4 s
/// each in a release build, outside any policy time limit. Two hundred took 80 s; they are now
/// read at once and simply never start.
#[test]
fn schedules_that_never_match_cost_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let rules: String = (0..200)
        .map(|index| {
            format!(
                "  rule {{\n    rule_name = \"r{index}\"\n    target_vault_name = \"v\"\n    schedule = \"cron(, 0 * * ? *)\"\n  }}\n"
            )
        })
        .collect();
    write(
        dir.path(),
        "tf/backup.tf",
        &format!("resource \"aws_backup_plan\" \"never\" {{\n  name = \"never\"\n{rules}}}\n"),
    );
    let (report, code) = check(dir.path(), &[], BUDGET);
    assert_eq!(code, Some(1), "{report}");
    assert!(
        !report.to_string().contains("tf/backup.tf"),
        "a schedule that never starts crowds nothing: {report}"
    );
}

/// Found by fuzzing: hcl-edit accepts this file, and vmlint's comment scanner then sliced inside
/// the last character (a panic, which took the whole run down).
#[test]
fn an_unterminated_comment_before_a_wide_character_is_read() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tf/comment.tf", "RS=\"\ne;/**\"#\u{76f}/");
    let (report, code) = check(dir.path(), &[], BUDGET);
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(report["summary"]["files"], 2, "{report}");
    assert_eq!(report["errors"].as_array().unwrap().len(), 0, "{report}");
}

#[test]
fn too_many_documents_in_one_file_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "playbooks/many.yml",
        &"---\n- hosts: all\n".repeat(5),
    );
    write(
        dir.path(),
        "vms/two.xml",
        "<domain type=\"kvm\"><name>a</name></domain>\n<domain type=\"kvm\"><name>b</name></domain>\n",
    );
    let (report, code) = check(dir.path(), &["--max-documents", "3"], BUDGET);
    assert_eq!(code, Some(2));
    assert!(
        !report.to_string().contains("vms/two.xml"),
        "two domains are within 3: {report}"
    );
    assert_eq!(
        located(error_about(&report, "playbooks/many.yml")),
        (
            "cannot parse as ansible: more than 3 documents in one file (--max-documents): not read",
            Some(7),
            Some(1)
        )
    );
    let (report, code) = check(dir.path(), &["--max-documents", "1"], BUDGET);
    assert_eq!(code, Some(2));
    assert_eq!(
        located(error_about(&report, "vms/two.xml")),
        (
            "cannot parse as libvirt: more than 1 documents in one file (--max-documents): not read",
            Some(2),
            Some(1)
        )
    );
}

#[test]
fn not_utf8_and_utf16_files_are_located_errors_and_a_utf8_bom_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("bad/qemu-server")).unwrap();
    std::fs::write(
        dir.path().join("bad/qemu-server/102.conf"),
        b"name: ok\nusb0: host=\xff\xfe\n",
    )
    .unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("name: x\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(dir.path().join("bad/qemu-server/103.conf"), utf16).unwrap();
    std::fs::write(
        dir.path().join("bad/qemu-server/104.conf"),
        b"\xEF\xBB\xBFname: cad-04\nusb0: host=0529:0001\n",
    )
    .unwrap();
    let (report, code) = check(dir.path(), &[], BUDGET);
    assert_eq!(code, Some(2));
    assert_eq!(
        located(error_about(&report, "bad/qemu-server/102.conf")),
        (
            "not UTF-8 text: invalid byte at offset 20",
            Some(2),
            Some(12)
        )
    );
    let (message, line, column) = located(error_about(&report, "bad/qemu-server/103.conf"));
    assert!(
        message.starts_with("UTF-16 little-endian text (byte-order mark at offset 0)"),
        "{message}"
    );
    assert_eq!((line, column), (Some(1), Some(1)));
    let bom = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == "bad/qemu-server/104.conf" && d["rule"] == "VML101")
        .unwrap_or_else(|| panic!("no finding in the file with a BOM: {report}"));
    assert_eq!(
        (bom["line"].as_u64(), bom["column"].as_u64()),
        (Some(2), Some(1))
    );
}

#[test]
fn crlf_line_endings_keep_columns_right() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "crlf/main.tf",
        "resource \"proxmox_virtual_environment_vm\" \"cad\" {\r\n  name = \"cad-02\"\r\n  usb {\r\n    host = \"0529:0001\"\r\n  }\r\n}\r\n",
    );
    let (report, code) = check(dir.path(), &[], BUDGET);
    assert_eq!(code, Some(1));
    let finding = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == "crlf/main.tf")
        .unwrap();
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(3), Some(3))
    );
}
