//! wasm-bindgen tests of the JavaScript API, shared by `wasm_node.rs` and `wasm_browser.rs`.
//! Strings are built from UTF-16 code units on the JS side, so lone surrogates really
//! reach the binding, and every span is checked by slicing the JS string.

use js_sys::{Array, JsString, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn js_string(units: &[u16]) -> JsString {
    // fromCharCode takes its arguments in chunks to stay below engine limits.
    let mut s = JsString::from("");
    for chunk in units.chunks(4096) {
        s = s.concat(&JsString::from_char_code(chunk));
    }
    s
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap()
}

fn num(obj: &JsValue, key: &str) -> u32 {
    get(obj, key).as_f64().unwrap() as u32
}

fn spans(annotation: &JsValue, field: &str) -> Vec<JsValue> {
    get(annotation, field).dyn_into::<Array>().unwrap().iter().collect()
}

/// Annotates `units` and checks every span: in bounds, never splitting a surrogate pair,
/// and `text.slice(start, end)` equal to the span's `text`.
fn annotate_checked(units: &[u16]) -> JsValue {
    let text = js_string(units);
    let a = newsmark_annotate(&text);
    assert_eq!(get(&a, "offsets").as_string().unwrap(), "utf16");
    let len = text.length();
    for field in ["quotes", "entities", "paragraphs"] {
        for span in spans(&a, field) {
            let (s, e) = (num(&span, "start"), num(&span, "end"));
            assert!(s <= e && e <= len, "{field} span {s}..{e} out of 0..{len}");
            for edge in [s, e] {
                if edge > 0 && edge < len {
                    let before = units[edge as usize - 1];
                    let after = units[edge as usize];
                    let splits_pair = (0xD800..0xDC00).contains(&before) && (0xDC00..0xE000).contains(&after);
                    assert!(!splits_pair, "{field} span {s}..{e} splits a surrogate pair");
                }
            }
            if field != "paragraphs" {
                // Both sides read lone surrogates as U+FFFD, so they compare equal.
                let sliced: String = text.slice(s, e).into();
                assert_eq!(sliced, get(&span, "text").as_string().unwrap(), "{field} span text");
            }
        }
    }
    a
}

/// The quotes found in `units`, each sliced from the JS string by its offsets.
fn quotes_sliced(units: &[u16]) -> Vec<String> {
    let a = annotate_checked(units);
    let text = js_string(units);
    spans(&a, "quotes").iter().map(|q| text.slice(num(q, "start"), num(q, "end")).into()).collect()
}

fn newsmark_annotate(text: &JsString) -> JsValue {
    newsmark::wasm::annotate(text.as_ref()).unwrap_or_else(|_| panic!("annotate threw"))
}

fn utf16(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

#[wasm_bindgen_test]
fn quote_offsets_are_utf16_with_emoji_and_accents() {
    let article = "Café owners 😀 were told. “We will stay open,” said Zoë Martín, 👩‍👩‍👧 “and keep prices low.”";
    let units = utf16(article);
    let quotes = quotes_sliced(&units);
    assert_eq!(quotes, vec!["“We will stay open,”", "“and keep prices low.”"]);
}

#[wasm_bindgen_test]
fn lone_surrogates_never_throw_or_shift_offsets() {
    let mut units = utf16("Note ");
    units.push(0xD800); // a lone high surrogate
    units.extend(utf16(" then “Hello there,” she said "));
    units.push(0xDC00); // a lone low surrogate
    units.extend(utf16(" and 😀 “bye now.”"));
    let quotes = quotes_sliced(&units);
    assert_eq!(quotes, vec!["“Hello there,”", "“bye now.”"]);
}

#[wasm_bindgen_test]
fn odd_inputs_give_a_result() {
    for s in ["", "   ", "\"\"\"\"\"", "«»„“‘’", "\u{0}\u{0}", "שלום “עולם”", "A\r\nB\r\n\r\nC"] {
        annotate_checked(&utf16(s));
    }
    let quotes: Vec<u16> = "\"".repeat(20_000).encode_utf16().collect();
    annotate_checked(&quotes);
}

#[wasm_bindgen_test]
fn non_string_input_is_a_clear_error() {
    let err = newsmark::wasm::annotate(&JsValue::from_f64(42.0)).expect_err("a number is refused");
    let message: String = get(&JsValue::from(err), "message").as_string().unwrap();
    assert!(message.contains("string"), "{message}");
    for not_a_string in [JsValue::NULL, JsValue::UNDEFINED, js_sys::Object::new().into()] {
        assert!(newsmark::wasm::annotate(&not_a_string).is_err());
    }
    // The module is not poisoned by a refused call.
    annotate_checked(&utf16("“Still fine,” she said."));
}

/// An article of our own that fills every field of the contract: titles, aliases, roles,
/// speakers with and without cues, a quote continued across paragraphs, all three kinds.
const EVERY_FIELD: &str = "BRUSSELS, March 3 — “We will not back down,” Senator Maria Lopez said on Tuesday. \
Lopez, the chair of Acme Corp., told reporters the plan was “very good” for Europe.\n\n\
“The talks went well,” said Acme spokesman John Smith. “We expect a deal by Friday.\n\n\
“And the price will stay at $5 million, or 3%,” he added. Smith called it a “win-win”. \
Café owners 😀 in Zürich agreed, according to the Swiss Chamber of Commerce (SCC).\n\
Lawmakers then debated the so-called “green clause” for an hour.";

/// The binding builds the object from flat arrays (src/wasm.rs) for speed; it must be the
/// contract exactly as serde writes it: same fields in the same order, same values.
fn assert_object_is_the_serde_contract(units: &[u16]) {
    let text = js_string(units);
    let got = js_sys::JSON::stringify(&newsmark_annotate(&text)).unwrap();
    // Rust reads the JS string as the binding does: lone surrogates become U+FFFD.
    let rust_text: String = text.into();
    let annotation = newsmark::annotate(&rust_text).convert_offsets(&rust_text, newsmark::OffsetUnit::Utf16);
    let expected = js_sys::JSON::parse(&serde_json::to_string(&annotation).unwrap()).unwrap();
    let expected = js_sys::JSON::stringify(&expected).unwrap();
    assert_eq!(String::from(got), String::from(expected));
}

#[wasm_bindgen_test]
fn object_is_the_serde_contract() {
    let units = utf16(EVERY_FIELD);
    let a = annotate_checked(&units);
    for (field, at_least) in [("entities", 10), ("groups", 5), ("quotes", 6)] {
        assert!(spans(&a, field).len() >= at_least, "{field}: too few to test the contract");
    }
    assert_object_is_the_serde_contract(&units);

    // Lone surrogates inside a quote and around spans: span texts read them as U+FFFD too.
    let mut with_lone = units.clone();
    let inside_quote = utf16(&EVERY_FIELD[..EVERY_FIELD.find("back down").unwrap()]).len() + 2;
    with_lone.insert(inside_quote, 0xD800);
    with_lone.insert(1, 0xDC00);
    with_lone.push(0xD83D); // a high surrogate cut off at the end
    let a = annotate_checked(&with_lone);
    // Read as UTF-16 code units: a Rust String would turn a lone surrogate into U+FFFD anyway.
    let first_quote: JsString = get(&spans(&a, "quotes")[0], "text").dyn_into().unwrap();
    assert_eq!(first_quote.length(), 25);
    assert_eq!(first_quote.char_code_at(15), f64::from(0xFFFD), "“We will not ba?ck down,”");
    assert_object_is_the_serde_contract(&with_lone);

    for odd in ["", "\"\"\"\"\"", "«»„“‘’", "A\r\nB\r\n\r\nC"] {
        assert_object_is_the_serde_contract(&utf16(odd));
    }
}
