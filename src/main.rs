//! `newsmark` — annotate news articles from the command line.
//!
//! ```text
//! newsmark [OPTIONS] [FILE…]        one JSON annotation per file (stdin when no FILE)
//! newsmark --jsonl [FILE…]          lines {"id","text",…} in, lines {"id",…annotation} out
//! ```
//! Exit codes: 0 every input annotated; 1 some input was bad (named on stderr, the others
//! were still processed); 2 usage or output error.

use newsmark::{annotate, Annotation, OffsetUnit};
use serde::Serialize;
use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

const USAGE: &str = "\
newsmark: annotate news articles (entities, quotations, speakers) as JSON

Usage: newsmark [OPTIONS] [FILE...]

Reads each FILE (standard input when none, or for '-') and prints its annotation as one
line of JSON. With several files each line also carries \"file\".

Options:
  --jsonl             input is JSON Lines {\"id\", \"text\", ...}; output one line per input,
                      {\"id\", ...annotation}, in input order
  --offsets UNIT      offsets in utf16 (default, JavaScript indices), codepoint (Python
                      indices) or byte (UTF-8)
  --pretty            indent the JSON (not with --jsonl)
  -h, --help          print this help
  -V, --version       print the version

Exit status: 0 all inputs annotated; 1 some input was bad (each named on stderr, the
others still processed); 2 usage or output error.
";

struct Options {
    jsonl: bool,
    pretty: bool,
    offsets: OffsetUnit,
    files: Vec<String>,
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut opts = Options { jsonl: false, pretty: false, offsets: OffsetUnit::Utf16, files: Vec::new() };
    let mut args = args.peekable();
    let mut only_files = false;
    while let Some(arg) = args.next() {
        if only_files || arg == "-" || !arg.starts_with('-') {
            opts.files.push(arg);
            continue;
        }
        let (flag, inline_value) = match arg.split_once('=') {
            Some((f, v)) => (f.to_string(), Some(v.to_string())),
            None => (arg.clone(), None),
        };
        match flag.as_str() {
            "--" => only_files = true,
            "--jsonl" => opts.jsonl = true,
            "--pretty" => opts.pretty = true,
            "--offsets" => {
                let value = inline_value.or_else(|| args.next()).ok_or("--offsets needs a value: utf16, codepoint or byte")?;
                opts.offsets = value.parse()?;
            }
            "-h" | "--help" => {
                print!("{USAGE}");
                return Ok(None);
            }
            "-V" | "--version" => {
                println!("newsmark {}", env!("CARGO_PKG_VERSION"));
                return Ok(None);
            }
            _ => return Err(format!("unknown option {arg:?} (see --help)")),
        }
    }
    if opts.files.is_empty() {
        opts.files.push("-".into());
    }
    Ok(Some(opts))
}

/// The annotation in the requested unit.
fn annotate_in(text: &str, unit: OffsetUnit) -> Annotation {
    annotate(text).convert_offsets(text, unit)
}

/// Writes one JSONL output line: `{"id": …, …annotation}`. The annotation is written as
/// the object it is and spliced in (a `#[serde(flatten)]` wrapper would route every field
/// through serde's slower map path); it always has fields, so the splice is valid JSON.
fn emit_jsonl(out: &mut impl Write, id: &serde_json::Value, annotation: &Annotation, scratch: &mut Vec<u8>) -> io::Result<()> {
    scratch.clear();
    serde_json::to_writer(&mut *scratch, annotation)?;
    out.write_all(b"{\"id\":")?;
    serde_json::to_writer(&mut *out, id)?;
    out.write_all(b",")?;
    out.write_all(scratch.get(1..).unwrap_or_default())?;
    out.write_all(b"\n")
}

#[derive(Serialize)]
struct FileOut<'a> {
    file: &'a str,
    #[serde(flatten)]
    annotation: &'a Annotation,
}

/// Why an input could not be annotated; printed as `newsmark: WHERE: WHAT`.
struct BadInput(String);

fn read_input(path: &str) -> Result<Vec<u8>, BadInput> {
    let mut bytes = Vec::new();
    let result = if path == "-" { io::stdin().lock().read_to_end(&mut bytes) } else { std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)) };
    result.map_err(|e| BadInput(format!("{}: cannot read: {e}", display_name(path))))?;
    Ok(bytes)
}

fn display_name(path: &str) -> &str {
    if path == "-" {
        "<stdin>"
    } else {
        path
    }
}

/// Writes one JSON value and a newline. An error here is an output error (exit 2).
fn emit<T: Serialize>(out: &mut impl Write, value: &T, pretty: bool) -> io::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(&mut *out, value)?;
    } else {
        serde_json::to_writer(&mut *out, value)?;
    }
    out.write_all(b"\n")
}

/// Annotates each line of a JSONL input; bad lines go to `report` and are skipped.
fn run_jsonl(path: &str, bytes: &[u8], opts: &Options, out: &mut impl Write, report: &mut dyn FnMut(BadInput)) -> io::Result<()> {
    let name = display_name(path);
    let mut scratch = Vec::new();
    for (index, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let lineno = index + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        // Usual lines read straight into `JsonlIn`, skipping other fields unbuilt; any other
        // line (not an object, no text string, duplicate keys) goes the general way.
        if let Ok(JsonlIn { id, text: Some(text) }) = serde_json::from_slice::<JsonlIn>(line) {
            let annotation = annotate_in(&text, opts.offsets);
            emit_jsonl(out, id.as_ref().unwrap_or(&serde_json::Value::Null), &annotation, &mut scratch)?;
            continue;
        }
        let value: serde_json::Value = match serde_json::from_slice(line) {
            Ok(v) => v,
            Err(e) => {
                report(BadInput(format!("{name}:{lineno}: invalid JSON: {e}")));
                continue;
            }
        };
        let Some(text) = value.get("text").and_then(|t| t.as_str()) else {
            report(BadInput(format!("{name}:{lineno}: no \"text\" string in this line")));
            continue;
        };
        let null = serde_json::Value::Null;
        let id = value.get("id").unwrap_or(&null);
        let annotation = annotate_in(text, opts.offsets);
        emit_jsonl(out, id, &annotation, &mut scratch)?;
    }
    Ok(())
}

/// The fields of a JSONL line that matter; the text is borrowed from the line unless it
/// has escapes.
#[derive(serde::Deserialize)]
struct JsonlIn<'a> {
    id: Option<serde_json::Value>,
    #[serde(borrow)]
    text: Option<std::borrow::Cow<'a, str>>,
}

/// Annotates one whole file as an article.
fn run_file(path: &str, bytes: &[u8], opts: &Options, out: &mut impl Write, report: &mut dyn FnMut(BadInput)) -> io::Result<()> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            report(BadInput(format!("{}: not UTF-8 text (invalid byte at offset {})", display_name(path), e.valid_up_to())));
            return Ok(());
        }
    };
    let annotation = annotate_in(text, opts.offsets);
    if opts.files.len() > 1 {
        emit(out, &FileOut { file: path, annotation: &annotation }, opts.pretty)
    } else {
        emit(out, &annotation, opts.pretty)
    }
}

fn main() -> ExitCode {
    let opts = match parse_args(std::env::args().skip(1)) {
        Ok(Some(o)) => o,
        Ok(None) => return ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("newsmark: {msg}");
            return ExitCode::from(2);
        }
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut bad_inputs = 0usize;
    let mut report = |bad: BadInput| {
        bad_inputs += 1;
        eprintln!("newsmark: {}", bad.0);
    };
    for path in &opts.files {
        let bytes = match read_input(path) {
            Ok(b) => b,
            Err(bad) => {
                report(bad);
                continue;
            }
        };
        let result = if opts.jsonl {
            run_jsonl(path, &bytes, &opts, &mut out, &mut report)
        } else {
            run_file(path, &bytes, &opts, &mut out, &mut report)
        };
        if let Err(e) = result.and_then(|_| out.flush()) {
            return output_error(e);
        }
    }
    if let Err(e) = out.flush() {
        return output_error(e);
    }
    drop(report);
    if bad_inputs > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A closed pipe (`newsmark … | head`) is a normal end, anything else an output error.
fn output_error(e: io::Error) -> ExitCode {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return ExitCode::SUCCESS;
    }
    eprintln!("newsmark: cannot write output: {e}");
    ExitCode::from(2)
}
