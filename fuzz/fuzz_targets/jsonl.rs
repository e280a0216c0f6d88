//! Any bytes as a JSON Lines file, read the way `newsmark --jsonl` reads one (src/main.rs:
//! split on `\n`, strip `\r`, parse, take `"text"`), annotated, checked, converted to every
//! offset unit and serialized. Bad lines are skipped; only a panic or a broken invariant
//! is a crash.
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;

use libfuzzer_sys::fuzz_target;
use newsmark::OffsetUnit;

fuzz_target!(|data: &[u8]| {
    for line in data.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Ok(value) = serde_json::from_slice::<serde_json::Value>(line) else { continue };
        let Some(text) = value.get("text").and_then(|t| t.as_str()) else { continue };
        let annotation = match invariants::annotate_checked(text) {
            Ok(a) => a,
            Err(broken) => panic!("{broken}"),
        };
        for unit in [OffsetUnit::Utf16, OffsetUnit::Codepoint, OffsetUnit::Byte] {
            let converted = annotation.clone().convert_offsets(text, unit);
            let json = serde_json::to_string(&converted).expect("an annotation always serializes");
            assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "serialized annotation is not JSON");
        }
    }
});
