//! The `newsmark` binary: JSON and JSONL output, offset units, exit codes.

#[path = "support/cli.rs"]
mod cli;

use std::process::Output;

fn run(args: &[&str], stdin: &str) -> Output {
    cli::newsmark(args, stdin.as_bytes())
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone()).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// Slices `text` by `unit` offsets.
fn slice(text: &str, start: usize, end: usize, unit: &str) -> String {
    match unit {
        "byte" => text[start..end].to_string(),
        "codepoint" => text.chars().skip(start).take(end - start).collect(),
        "utf16" => String::from_utf16(&text.encode_utf16().collect::<Vec<_>>()[start..end]).unwrap(),
        _ => unreachable!(),
    }
}

const ARTICLE: &str = "Zoë Ruiz 😀 smiled. “We open at dawn,” she said in São Paulo.";

#[test]
fn every_offset_unit_slices_the_same_quote() {
    for unit in ["utf16", "codepoint", "byte"] {
        let out = run(&["--offsets", unit], ARTICLE);
        assert!(out.status.success(), "{unit}: {}", String::from_utf8_lossy(&out.stderr));
        let a = &json_lines(&out)[0];
        assert_eq!(a["offsets"], unit);
        assert_eq!(a["version"], 1);
        let q = &a["quotes"][0];
        let (s, e) = (q["start"].as_u64().unwrap() as usize, q["end"].as_u64().unwrap() as usize);
        assert_eq!(slice(ARTICLE, s, e, unit), "“We open at dawn,”", "{unit}");
        assert_eq!(q["text"], "“We open at dawn,”");
        for field in ["id", "kind", "speaker", "speaker_group", "cue", "continues"] {
            assert!(q.get(field).is_some(), "quote field {field} missing");
        }
    }
}

#[test]
fn jsonl_keeps_input_order_and_ids_and_reports_bad_lines() {
    let input = format!(
        "{}\nnot json at all\n\n{}\n{{\"id\": \"no-text\"}}\n{}\n",
        serde_json::json!({"id": "first", "text": ARTICLE, "extra": 1}),
        serde_json::json!({"id": 2, "text": ""}),
        serde_json::json!({"id": "last", "text": "“Yes,” he said."}),
    );
    let out = run(&["--jsonl", "--offsets", "codepoint"], &input);
    assert_eq!(out.status.code(), Some(1), "a bad line makes the exit status 1");
    let lines = json_lines(&out);
    let ids: Vec<_> = lines.iter().map(|l| l["id"].clone()).collect();
    assert_eq!(ids, vec![serde_json::json!("first"), serde_json::json!(2), serde_json::json!("last")]);
    assert!(lines.iter().all(|l| l["offsets"] == "codepoint"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("<stdin>:2: invalid JSON"), "{stderr}");
    assert!(stderr.contains("<stdin>:5: no \"text\""), "{stderr}");
}

#[test]
fn several_files_are_named_and_a_bad_one_does_not_stop_the_rest() {
    let dir = std::env::temp_dir().join(format!("newsmark-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.txt");
    let bad = dir.join("latin1.txt");
    std::fs::write(&good, ARTICLE).unwrap();
    std::fs::write(&bad, b"caf\xe9 \"ol\xe9\"").unwrap();
    let (good, bad) = (good.to_str().unwrap(), bad.to_str().unwrap());
    let out = run(&[bad, good, "/no/such/file.txt"], "");
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["file"], good);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("{bad}: not UTF-8")), "{stderr}");
    assert!(stderr.contains("/no/such/file.txt: cannot read"), "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let out = run(&["--offsets", "miles"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown offset unit"));
    assert_eq!(run(&["--frobnicate"], "").status.code(), Some(2));
    let help = run(&["--help"], "");
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("--jsonl"));
}

#[test]
fn pretty_output_is_the_same_json() {
    let compact = json_lines(&run(&[], ARTICLE)).remove(0);
    let pretty = run(&["--pretty"], ARTICLE);
    let pretty: serde_json::Value = serde_json::from_slice(&pretty.stdout).unwrap();
    assert_eq!(compact, pretty);
}
