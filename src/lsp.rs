//! `postlint server`: a language server over stdio, a thin adapter over the library: every
//! check is a normal lint run with the editor's unsaved buffers as an overlay, so
//! `postlint.toml`, the rule packs and the rest of the site are honoured (and re-read on
//! every run, so edits to them apply at once).
//!
//! - [`transport`]: framing, written here so that no input can stop it (see its docs for
//!   how it gets back in step after a bad header);
//! - [`server`]: the session, free of I/O, which tests and the fuzz target drive
//!   in-process;
//! - `convert`: byte offsets ↔ UTF-16 positions, findings → LSP diagnostics;
//! - `fixes`: quick fixes and "Fix all".
//!
//! [`serve`] joins them over a reader and a writer: one thread moves bytes from the input
//! into a bounded channel, the main loop hands them to the server, runs the checks when the
//! debounce delay has passed, and writes what the server says.

mod convert;
mod fixes;
mod incremental;
pub mod server;
pub mod transport;

use std::io::{Read, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Instant;

pub use server::{Server, Settings};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Run the server on stdin/stdout until the client says `exit` or goes away; returns the
/// exit status for the process: 0 after `shutdown` and `exit`, 1 for an `exit` without
/// `shutdown` before it (or the input ending without them), as the LSP specification asks.
pub fn run() -> Result<i32, Error> {
    run_with(Settings::default())
}

/// [`run`] with settings.
pub fn run_with(settings: Settings) -> Result<i32, Error> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let code = serve(std::io::stdin(), &mut out, settings)?;
    out.flush()?;
    Ok(code)
}

/// Serve the client at the other end of `input` and `output`; returns the exit status (0
/// after `shutdown` and `exit`, 1 otherwise). Fails only when writing fails.
pub fn serve(
    input: impl Read + Send + 'static,
    output: &mut impl Write,
    settings: Settings,
) -> Result<i32, Error> {
    // A few chunks in flight at most: a client that sends faster than the server reads
    // waits, instead of filling memory.
    let (tx, rx) = mpsc::sync_channel::<Vec<u8>>(4);
    std::thread::spawn(move || {
        let mut input = input;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match input.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    if tx.send(buf[..n].to_vec()).is_err() {
                        break;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    eprintln!("postlint server: cannot read the client's messages: {e}");
                    break;
                }
            }
        }
    });
    let mut server = Server::new(settings);
    loop {
        let chunk = match server.due() {
            Some(due) => match rx.recv_timeout(due.saturating_duration_since(Instant::now())) {
                Ok(c) => Some(c),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => break,
            },
            None => match rx.recv() {
                Ok(c) => Some(c),
                Err(_) => break,
            },
        };
        if let Some(chunk) = chunk {
            server.receive(&chunk);
        }
        // Due checks run even while the client keeps sending.
        if server.due().is_some_and(|d| d <= Instant::now()) {
            server.check();
        }
        for body in server.take_output() {
            transport::write_frame(output, &body)?;
        }
        output.flush()?;
        if let Some(code) = server.exit_code() {
            return Ok(code);
        }
    }
    Ok(server.end_of_input())
}
