//! Standard output as runs write it, and warnings on standard error.

use super::CLOSED;
use std::io::Write;
use std::process::ExitCode;

/// Standard output as runs write it: each command's output is written when the command
/// completes, flushed at its line end on a terminal or a pipe; into a regular file it is
/// buffered in blocks.
pub(super) struct Out {
    w: Box<dyn Write>,
    /// A write failed (the pipe was closed): nothing more is written.
    pub(super) closed: bool,
}

impl Out {
    pub(super) fn stdout() -> Out {
        let lock = std::io::stdout().lock();
        let w: Box<dyn Write> = if stdout_is_a_file() {
            Box::new(std::io::BufWriter::with_capacity(1 << 16, lock))
        } else {
            Box::new(lock)
        };
        Out { w, closed: false }
    }

    /// Writes `text` and a line break.
    pub(super) fn line(&mut self, text: &str) {
        if !self.closed && writeln!(self.w, "{text}").is_err() {
            self.closed = true;
        }
    }

    /// Flushes; `code`, or [`CLOSED`] when the output was cut off.
    pub(super) fn finish(mut self, code: u8) -> ExitCode {
        if !self.closed && self.w.flush().is_err() {
            self.closed = true;
        }
        ExitCode::from(if self.closed { CLOSED } else { code })
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.w.write(buf);
        if n.is_err() {
            self.closed = true;
        }
        n
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.w.flush()
    }
}

#[cfg(unix)]
pub(super) fn stdout_is_a_file() -> bool {
    use std::os::fd::AsFd;
    std::io::stdout()
        .as_fd()
        .try_clone_to_owned()
        .map(std::fs::File::from)
        .and_then(|f| f.metadata())
        .is_ok_and(|m| m.is_file())
}

#[cfg(not(unix))]
pub(super) fn stdout_is_a_file() -> bool {
    false
}

/// Writes a message to standard error; a closed standard error is no reason to panic.
pub(super) fn warn(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}
