//! Behaviour as data: every `tests/cases/**/*.toml` file holds articles we wrote and the
//! spans newsmark must find in them. A new behaviour is a new case, not a new function.
//!
//! ```toml
//! [[case]]
//! name = "split quote around its attribution"
//! text = '''"We will win," she said, "and soon."'''
//! exact_quotes = true          # optional: no quotes other than those listed
//! exact_entities = ["PERSON"]  # optional: no entities of these labels other than those listed
//!
//! [[case.quotes]]
//! text = '"We will win,"'     # the span, checked by slicing the article
//! nth = 0                      # optional: which occurrence of `text` (default 0)
//! kind = "direct"              # optional
//! speaker = "she"              # optional: the speaker span's text ("" = no speaker)
//! speaker_group = "Maria Lopez" # optional: the name of the speaker's group
//! continues = true             # optional: continues the previous quote piece
//!
//! [[case.entities]]
//! text = "Maria Lopez"
//! label = "PERSON"
//! group = "Maria Lopez"        # optional: the name of its group
//! title = "President"         # optional: the title span's text ("" = no title)
//!
//! [[case.groups]]              # optional: groups that must exist with these mentions
//! name = "Maria Lopez"
//! mentions = ["Maria Lopez", "Lopez"]
//! ```

use newsmark::{annotate, Annotation};
use std::path::{Path, PathBuf};
use toml::Value;

fn case_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            case_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

fn str_of<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

/// Byte span of the `nth` occurrence of `needle` in `text`.
fn find_nth(text: &str, needle: &str, nth: usize) -> Option<(usize, usize)> {
    text.match_indices(needle).nth(nth).map(|(i, s)| (i, i + s.len()))
}

fn group_name<'a>(a: &'a Annotation, id: &Option<String>) -> Option<&'a str> {
    let id = id.as_ref()?;
    a.groups.iter().find(|g| &g.id == id).map(|g| g.name.as_str())
}

fn check_case(file: &str, case: &Value) -> Vec<String> {
    let name = str_of(case, "name").unwrap_or("?");
    let text = str_of(case, "text").unwrap_or_else(|| panic!("{file}: case {name:?} has no text"));
    let a = annotate(text);
    let mut errors = Vec::new();
    let mut fail = |msg: String| errors.push(format!("{file} / {name}: {msg}"));

    let empty = Vec::new();
    let expected_quotes = case.get("quotes").and_then(Value::as_array).unwrap_or(&empty);
    let mut matched_quotes = Vec::new();
    for q in expected_quotes {
        let want = str_of(q, "text").expect("quote needs text");
        let nth = q.get("nth").and_then(Value::as_integer).unwrap_or(0) as usize;
        let Some((s, e)) = find_nth(text, want, nth) else {
            fail(format!("expected quote {want:?} is not in the text"));
            continue;
        };
        let Some(found) = a.quotes.iter().find(|f| f.start == s && f.end == e) else {
            let got: Vec<_> = a.quotes.iter().map(|f| &f.text).collect();
            fail(format!("quote {want:?} not found; found {got:?}"));
            continue;
        };
        matched_quotes.push(found.id.clone());
        if let Some(kind) = str_of(q, "kind") {
            let got = serde_json::to_value(found.kind).unwrap();
            if got != kind {
                fail(format!("quote {want:?}: kind {got} != {kind}"));
            }
        }
        if let Some(speaker) = str_of(q, "speaker") {
            let got = found.speaker.as_ref().map(|s| s.text.as_str()).unwrap_or("");
            if got != speaker {
                fail(format!("quote {want:?}: speaker {got:?} != {speaker:?}"));
            }
        }
        if let Some(group) = str_of(q, "speaker_group") {
            let got = group_name(&a, &found.speaker_group).unwrap_or("");
            if got != group {
                fail(format!("quote {want:?}: speaker group {got:?} != {group:?}"));
            }
        }
        if let Some(cont) = q.get("continues").and_then(Value::as_bool) {
            if found.continues.is_some() != cont {
                fail(format!("quote {want:?}: continues = {:?}", found.continues));
            }
        }
    }
    if case.get("exact_quotes").and_then(Value::as_bool) == Some(true) {
        for f in &a.quotes {
            if !matched_quotes.contains(&f.id) {
                fail(format!("unexpected quote {:?} ({:?})", f.text, f.kind));
            }
        }
    }

    let expected_entities = case.get("entities").and_then(Value::as_array).unwrap_or(&empty);
    let mut matched_entities = Vec::new();
    for ent in expected_entities {
        let want = str_of(ent, "text").expect("entity needs text");
        let nth = ent.get("nth").and_then(Value::as_integer).unwrap_or(0) as usize;
        let label = str_of(ent, "label").expect("entity needs label");
        let Some((s, e)) = find_nth(text, want, nth) else {
            fail(format!("expected entity {want:?} is not in the text"));
            continue;
        };
        let Some(found) = a.entities.iter().find(|f| f.start == s && f.end == e) else {
            let near: Vec<_> = a.entities.iter().filter(|f| f.end > s && f.start < e).map(|f| (&f.text, f.label.as_str())).collect();
            fail(format!("entity {want:?} ({label}) not found; overlapping: {near:?}"));
            continue;
        };
        matched_entities.push(found.id.clone());
        if found.label.as_str() != label {
            fail(format!("entity {want:?}: label {} != {label}", found.label.as_str()));
        }
        if let Some(title) = str_of(ent, "title") {
            let got = found.title.as_ref().map(|t| t.text.as_str()).unwrap_or("");
            if got != title {
                fail(format!("entity {want:?}: title {got:?} != {title:?}"));
            }
            if let Some(t) = &found.title {
                assert_eq!(&text[t.start..t.end], t.text, "{file} / {name}: title text");
            }
        }
        if let Some(group) = str_of(ent, "group") {
            let got = group_name(&a, &found.group).unwrap_or("");
            if got != group {
                fail(format!("entity {want:?}: group {got:?} != {group:?}"));
            }
        }
    }
    if let Some(labels) = case.get("exact_entities").and_then(Value::as_array) {
        let labels: Vec<&str> = labels.iter().filter_map(Value::as_str).collect();
        for f in &a.entities {
            if labels.contains(&f.label.as_str()) && !matched_entities.contains(&f.id) {
                fail(format!("unexpected entity {:?} ({})", f.text, f.label.as_str()));
            }
        }
    }

    for g in case.get("groups").and_then(Value::as_array).unwrap_or(&empty) {
        let name = str_of(g, "name").expect("group needs name");
        let Some(found) = a.groups.iter().find(|f| f.name == name) else {
            let names: Vec<_> = a.groups.iter().map(|f| &f.name).collect();
            fail(format!("group {name:?} not found; groups: {names:?}"));
            continue;
        };
        let mentions: Vec<&str> = found
            .mentions
            .iter()
            .filter_map(|id| a.entities.iter().find(|e| &e.id == id))
            .map(|e| e.text.as_str())
            .collect();
        for m in g.get("mentions").and_then(Value::as_array).unwrap_or(&empty) {
            let m = m.as_str().unwrap();
            if !mentions.contains(&m) {
                fail(format!("group {name:?} lacks mention {m:?}; has {mentions:?}"));
            }
        }
    }
    // Every span in the annotation slices the article to its own text.
    for q in &a.quotes {
        assert_eq!(&text[q.start..q.end], q.text, "{file} / {name}: quote text");
    }
    for e in &a.entities {
        assert_eq!(&text[e.start..e.end], e.text, "{file} / {name}: entity text");
    }
    errors
}

#[test]
fn cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files = Vec::new();
    case_files(&root, &mut files);
    files.sort();
    let only = std::env::var("CASES").ok();
    let (mut count, mut errors) = (0, Vec::new());
    for path in files {
        let rel = path.strip_prefix(&root).unwrap().display().to_string();
        if only.as_ref().is_some_and(|o| !rel.contains(o.as_str())) {
            continue;
        }
        let src = std::fs::read_to_string(&path).unwrap();
        let doc: Value = toml::from_str(&src).unwrap_or_else(|e| panic!("{rel}: {e}"));
        for case in doc.get("case").and_then(Value::as_array).into_iter().flatten() {
            count += 1;
            errors.extend(check_case(&rel, case));
        }
    }
    assert!(count > 0, "no cases found under {}", root.display());
    assert!(errors.is_empty(), "{} failure(s) in {count} cases:\n{}", errors.len(), errors.join("\n"));
}
