//! Any bytes, decoded lossily (so every input is an article), through `annotate`; then
//! the invariants of tests/support/invariants.rs. A panic or a broken invariant is a crash.
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(broken) = invariants::annotate_checked(&text) {
        panic!("{broken}");
    }
});
