//! Hostile inputs (issue 6), through the library and through the `newsmark` binary. Each
//! case says what it attacks; each must give a sane annotation that holds the invariants
//! of tests/support/invariants.rs, in time linear in its size (a quadratic path makes
//! these cases hang, which is how they fail — speed itself is measured in benches/).
//!
//! Regression cases found by fuzzing are named `fuzz_<target>_<what>` and keep the
//! reproducer inline.

#[path = "../benches/support/newsgen.rs"]
mod newsgen;
#[path = "support/invariants.rs"]
mod invariants;
#[path = "support/cli.rs"]
mod cli;

use cli::newsmark;

use newsmark::Annotation;
use std::io::Write;
use std::process::{Command, Output, Stdio};

/// `n`, the size a case names (1 MB, 200,000 marks), in release builds; a tenth of it in
/// debug builds, where the unoptimized pipeline is ~30× slower. CI runs the full sizes:
/// `cargo test --release --test hostile`.
fn big(n: usize) -> usize {
    if cfg!(debug_assertions) {
        n / 10
    } else {
        n
    }
}

fn valid(text: &str) -> Annotation {
    invariants::annotate_checked(text).unwrap_or_else(|e| panic!("{e}\n(input: {} bytes, starts {:?})", text.len(), head(text)))
}

fn head(text: &str) -> &str {
    let mut end = text.len().min(120);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn article(seed: u64) -> String {
    newsgen::NewsGen::new(seed).article(8)
}

// ---------------------------------------------------------------- odd input, library

#[test]
fn empty_text_gives_an_empty_annotation() {
    let a = valid("");
    assert!(a.paragraphs.is_empty() && a.entities.is_empty() && a.quotes.is_empty() && a.groups.is_empty());
}

#[test]
fn whitespace_only_gives_nothing() {
    for text in [" ", "\n", "\r\n\r\n", " \t \u{a0}\u{2028}\u{2029}\u{85}\u{3000} \n\n \u{b}\u{c}", &" \n".repeat(big(10_000))] {
        let a = valid(text);
        assert!(a.entities.is_empty() && a.quotes.is_empty(), "{text:?} gave {a:?}");
    }
}

#[test]
fn a_megabyte_without_a_space() {
    valid(&"a".repeat(big(1 << 20)));
    valid(&"Ab".repeat(big(1 << 19)));
    valid(&"é€😀".repeat(big((1 << 20) / 9)));
    valid(&"a-".repeat(big(1 << 19))); // one hyphenated "word"
    valid(&"U.S.".repeat(big(1 << 18))); // one abbreviation-like token
    valid(&".".repeat(big(1 << 20)));
    valid(&"'s".repeat(big(1 << 19)));
    valid(&"{".repeat(big(1 << 20))); // cleanup's placeholder scan
}

#[test]
fn two_hundred_thousand_quote_marks() {
    for mark in ["\"", "“", "”", "'", "«", "„"] {
        let a = valid(&mark.repeat(big(200_000)));
        assert!(a.quotes.len() <= 100_000, "{mark}: {} quotes from bare marks", a.quotes.len());
    }
    valid(&"“”".repeat(big(100_000)));
    valid(&"“x” ".repeat(big(50_000)));
    valid(&format!("{}{}", "“".repeat(big(100_000)), "”".repeat(big(100_000))));
    valid(&"\"a,\" he said. ".repeat(big(20_000)));
}

#[test]
fn nul_and_control_bytes() {
    let a = valid("Maria\0Lopez said\0 \"We\0will\0win.\"\u{7}\u{1b}[0m");
    for q in &a.quotes {
        assert!(q.text.starts_with('"'), "quote {:?} should start at its mark", q.text);
    }
    valid(&"\0".repeat(big(100_000)));
    valid(&"\0\"".repeat(big(50_000)));
}

#[test]
fn crlf_finds_what_lf_finds() {
    let lf = article(11);
    let crlf = lf.replace('\n', "\r\n");
    let (a, b) = (valid(&lf), valid(&crlf));
    let texts = |a: &Annotation| (a.entities.iter().map(|e| e.text.clone()).collect::<Vec<_>>(), a.quotes.iter().map(|q| q.text.clone()).collect::<Vec<_>>());
    assert_eq!(texts(&a), texts(&b), "CRLF changed what was found");
    assert_eq!(a.paragraphs.len(), b.paragraphs.len());
    valid(&lf.replace('\n', "\r")); // old Mac line ends
    valid(&"\r".repeat(big(100_000)));
    valid(&"\r\n".repeat(big(100_000)));
}

#[test]
fn right_to_left_scripts() {
    valid("„אנחנו ננצח“, אמרה מריה לופז בתל אביב. \u{200f}«نحن مستعدون»، قال أحمد حداد في بيروت.");
    valid("\u{202e}Maria Lopez said \"reversed\"\u{202c} and \u{2067}“isolated”\u{2069}.");
    valid(&"مرحبا “عالم” ".repeat(big(10_000)));
}

#[test]
fn combining_marks() {
    let a = valid("Jose\u{301} Mari\u{301}a Lo\u{301}pez said: “Gracias, Bogota\u{301}.”");
    for q in &a.quotes {
        assert!(!q.text.starts_with('\u{301}'));
    }
    valid(&format!("A{}", "\u{301}".repeat(big(100_000)))); // one letter, endless accents
    valid(&"\u{301}\"".repeat(big(10_000)));
    valid(&"Z\u{336}\u{35b}a\u{334}l\u{337}g\u{335}o said “h\u{300}i\u{300}”. ".repeat(big(2_000)));
}

#[test]
fn emoji_zwj_sequences() {
    let a = valid("👩\u{200d}👩\u{200d}👧 Maria Lopez 🇺🇦 said: “We 👨\u{200d}👩\u{200d}👧\u{200d}👦 will win 🏳\u{fe0f}\u{200d}🌈.”");
    // The invariants already slice every span by UTF-16 units and reject split pairs.
    assert!(a.quotes.iter().all(|q| !q.text.is_empty()));
    valid(&"👩\u{200d}".repeat(big(100_000)));
    valid(&"😀“😀”".repeat(big(20_000)));
}

#[test]
fn deeply_nested_quotes() {
    for depth in [10, 1_000, big(50_000)] {
        let open: String = (0..depth).map(|i| if i % 2 == 0 { "“" } else { "‘" }).collect();
        let close: String = (0..depth).rev().map(|i| if i % 2 == 0 { "”" } else { "’" }).collect();
        valid(&format!("She said {open}word{close} and left."));
        valid(&format!("{}x{}", "\"'".repeat(depth), "'\"".repeat(depth)));
        valid(&format!("{}x{}", "«‹".repeat(depth), "›»".repeat(depth)));
    }
}

#[test]
fn all_caps() {
    valid(&article(3).to_uppercase());
    valid(&"MARIA LOPEZ SAID “WE WILL WIN.” ".repeat(big(5_000)));
    valid(&"ABC ".repeat(big(250_000))); // a 1 MB run of capitalized words: one endless "name"?
    valid(&"Maria ".repeat(big(150_000)));
}

#[test]
fn repeated_names_titles_and_cues() {
    // Grouping and attribution see thousands of mentions of one entity.
    valid(&"Maria Lopez said “yes.” Lopez told Reuters. She said “no.” ".repeat(big(5_000)));
    valid(&"Mr. ".repeat(big(100_000)));
    valid(&"President Prime Minister Senator ".repeat(big(20_000)));
    valid(&"said told according to ".repeat(big(20_000)));
}

#[test]
fn many_paragraphs_and_lines() {
    valid(&"a\n".repeat(big(200_000)));
    valid(&"“Quote\n\n".repeat(big(50_000))); // quotes left open at every paragraph end
    valid(&"\"\n".repeat(big(100_000)));
}

/// JavaScript strings may hold lone surrogates; wasm-bindgen hands them to Rust as U+FFFD
/// (one UTF-16 unit for one), so the core must treat U+FFFD like any other char and keep
/// the UTF-16 offsets aligned with the JS string.
#[test]
fn replacement_chars_where_lone_surrogates_were() {
    let a = valid("\u{fffd}Maria Lopez said \u{fffd}“We will\u{fffd} win.”\u{fffd}");
    let utf16 = a.convert_offsets("\u{fffd}Maria Lopez said \u{fffd}“We will\u{fffd} win.”\u{fffd}", newsmark::OffsetUnit::Utf16);
    assert_eq!(utf16.offsets, newsmark::OffsetUnit::Utf16);
    valid(&"\u{fffd}".repeat(big(100_000)));
}

#[test]
fn mixed_junk_article() {
    let mut text = article(5);
    text.insert_str(text.len() / 2, "\0\u{feff}\u{200b}“‘«");
    text.push_str("\n\n{mosads}{ad}\n\n”");
    valid(&text);
}

/// The fuzz seed corpus (fuzz/corpus/<target>/), replayed on stable with every test run:
/// the `annotate` files as articles (lossily decoded, as the fuzz target does), the `jsonl`
/// files line by line.
#[test]
fn fuzz_corpus_replays_cleanly() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut replayed = 0;
    for target in ["annotate", "jsonl"] {
        for entry in std::fs::read_dir(corpus.join(target)).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let texts: Vec<String> = if target == "annotate" {
                vec![String::from_utf8_lossy(&bytes).into_owned()]
            } else {
                bytes
                    .split(|&b| b == b'\n')
                    .filter_map(|line| serde_json::from_slice::<serde_json::Value>(line).ok())
                    .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_string))
                    .collect()
            };
            for text in texts {
                invariants::annotate_checked(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                replayed += 1;
            }
        }
    }
    assert!(replayed >= 10, "only {replayed} corpus inputs found");
}

// ---------------------------------------------------------------- the CLI

fn stdout_values(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("stdout line is not JSON ({e}): {l}"))).collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("newsmark-hostile-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn cli_invalid_utf8_file_is_named_and_others_still_processed() {
    let dir = temp_dir("utf8");
    let good = dir.join("good.txt");
    let bad = dir.join("bad-bytes.txt");
    std::fs::write(&good, "“We will win,” Maria Lopez said.").unwrap();
    std::fs::write(&bad, b"Maria Lopez said \xff\xfe \"hi\"").unwrap();
    let out = newsmark(&[bad.to_str().unwrap(), good.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(&out));
    assert!(stderr(&out).contains("bad-bytes.txt"), "stderr should name the file: {}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"));
    let values = stdout_values(&out);
    assert_eq!(values.len(), 1, "the good file is still annotated");
    assert_eq!(values[0]["file"], good.to_str().unwrap());
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn cli_missing_file_is_named_and_others_still_processed() {
    let dir = temp_dir("missing");
    let good = dir.join("good.txt");
    std::fs::write(&good, "Maria Lopez spoke.").unwrap();
    let missing = dir.join("no-such-file.txt");
    let out = newsmark(&[missing.to_str().unwrap(), good.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no-such-file.txt"), "{}", stderr(&out));
    assert_eq!(stdout_values(&out).len(), 1);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn cli_broken_jsonl_lines_are_named_and_others_still_processed() {
    let input = concat!(
        "{\"id\": \"a\", \"text\": \"“We will win,” Maria Lopez said.\"}\n",
        "{\"id\": \"b\", \"text\": \"unterminated\n",
        "{\"id\": \"c\", \"text\": 42}\n",
        "\n",
        "[1, 2, 3]\n",
        "{\"id\": \"d\", \"text\": \"\\u0000 \\ud83d\\ude00 said “hi”\"}\r\n",
        "{\"id\": \"e\", \"text\": \"lone \\ud800 surrogate\"}\n",
        "{\"id\": \"f\", \"text\": \"\"}",
    );
    let out = newsmark(&["--jsonl"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(&out));
    let err = stderr(&out);
    for line in [":2:", ":3:", ":5:"] {
        assert!(err.contains(line), "stderr should name line {line}: {err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    let ids: Vec<String> = stdout_values(&out).iter().map(|v| v["id"].as_str().unwrap_or("?").to_string()).collect();
    assert!(ids.starts_with(&["a".to_string()]) && ids.contains(&"d".to_string()) && ids.contains(&"f".to_string()), "ids out: {ids:?}");
}

#[test]
fn cli_invalid_utf8_inside_jsonl_is_a_bad_line() {
    let mut input = b"{\"id\": \"a\", \"text\": \"ok\"}\n{\"id\": \"b\", \"text\": \"\xff\"}\n".to_vec();
    input.extend_from_slice(b"{\"id\": \"c\", \"text\": \"fine\"}\n");
    let out = newsmark(&["--jsonl"], &input);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(":2:"), "{}", stderr(&out));
    assert_eq!(stdout_values(&out).len(), 2);
}

#[test]
fn cli_usage_errors_exit_2() {
    for args in [&["--offsets", "furlongs"][..], &["--no-such-flag"][..], &["--offsets"][..]] {
        let out = newsmark(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).is_empty(), "{args:?} should explain itself");
    }
}

#[test]
fn cli_offsets_in_each_unit_slice_the_same_text() {
    let text = "😀 Zoë said: “Ça va, 👩\u{200d}👩\u{200d}👧?” — Maria Lopez, Zürich.";
    let chars: Vec<char> = text.chars().collect();
    let utf16: Vec<u16> = text.encode_utf16().collect();
    for unit in ["utf16", "codepoint", "byte"] {
        let out = newsmark(&["--offsets", unit], text.as_bytes());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let v = &stdout_values(&out)[0];
        assert_eq!(v["offsets"], unit);
        for span in v["quotes"].as_array().unwrap().iter().chain(v["entities"].as_array().unwrap()) {
            let (s, e) = (span["start"].as_u64().unwrap() as usize, span["end"].as_u64().unwrap() as usize);
            let sliced = match unit {
                "utf16" => String::from_utf16(&utf16[s..e]).unwrap(),
                "codepoint" => chars[s..e].iter().collect(),
                _ => text[s..e].to_string(),
            };
            assert_eq!(span["text"], sliced.as_str(), "{unit} {s}..{e}");
        }
    }
}

#[test]
fn cli_hostile_stdin_is_annotated() {
    for input in [&b""[..], b"   \n\t", &b"\"".repeat(big(200_000)), &b"\0".repeat(big(10_000)), "“‘“‘x’”’”".as_bytes()] {
        let out = newsmark(&[], input);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(stdout_values(&out).len(), 1);
    }
}

#[test]
fn cli_closed_pipe_is_a_clean_exit() {
    let text = newsgen::news_text(1, 200_000);
    let mut jsonl = String::new();
    for i in 0..200 {
        jsonl.push_str(&serde_json::json!({"id": i, "text": &text[..text.len().min(2_000)]}).to_string());
        jsonl.push('\n');
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsmark"))
        .arg("--jsonl")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(jsonl.as_bytes());
    });
    drop(child.stdout.take()); // the reader goes away before the output is written
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert_ne!(out.status.code(), Some(101), "a panic exit");
}
