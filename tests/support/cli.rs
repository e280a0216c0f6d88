//! Runs the `newsmark` binary built for this test run, shared by the CLI test binaries.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs `newsmark ARGS` with `stdin` as its standard input and collects its output.
pub fn newsmark(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsmark"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run newsmark");
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    // Write from a thread: a large output could otherwise fill the pipe and deadlock.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait for newsmark");
    writer.join().unwrap();
    out
}
