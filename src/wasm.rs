//! The JavaScript binding: the only module that knows wasm-bindgen. It converts the core's
//! byte offsets to UTF-16 code units (JavaScript string indices) exactly once.

use crate::annotation::OffsetUnit;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Annotates `text` and returns the annotation contract as a plain object whose offsets are
/// UTF-16 code units, so `text.slice(q.start, q.end)` is exactly a quote.
///
/// Lone surrogates are read as U+FFFD (one code unit each, like the surrogate), so offsets
/// stay exact for any JavaScript string. Throws only when `text` is not a string.
#[wasm_bindgen]
pub fn annotate(text: &JsValue) -> Result<JsValue, JsError> {
    let text = text.as_string().ok_or_else(|| JsError::new("annotate expects a string"))?;
    let annotation = crate::annotate(&text).convert_offsets(&text, OffsetUnit::Utf16);
    annotation
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("cannot build the annotation object: {e}")))
}

/// The crate version, for the page's footer and bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
