//! Reading and writing the user's files safely.
//!
//! Reading a world refuses what is not a regular file (a FIFO would block for ever, a device would
//! never end); reading a session file takes a FIFO or a character device too (`sgs run <(…)`).
//! Both refuse what is larger than [`MAX_FILE`], and name the line and column of a byte that is not
//! UTF-8. Writing goes through a uniquely named temporary file beside the target, created
//! exclusively, synced, then renamed over the target: a crash leaves the old file or the new one,
//! never half of one; a symlink planted at the temporary name cannot redirect the write; and a
//! target that is not a regular file (a FIFO, a device, a symlink, a directory) is refused, not
//! replaced.

use crate::lang::error::Diagnostic;
use std::fs::{File, Metadata};
use std::io::{ErrorKind, Read, Write};
use std::path::Path;

/// The largest file `load`, `sgs run` and the other readers accept: 256 MiB. A world at the
/// group and rule quotas (2,498 groups of 60 rules) with 10,000 instances saves as 68 MB of RON.
pub const MAX_FILE: u64 = 256 * 1024 * 1024;

/// What kind of thing a non-regular file is, for messages.
fn kind(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    if t.is_symlink() {
        return "a symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Whether a reader takes only regular files, or streams too.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Accept {
    /// Only a regular file (`load`: a FIFO would block for ever, a device never end).
    Files,
    /// A regular file, a FIFO or a character device: a script may come from `<(…)` or
    /// `/dev/stdin`. What is read is still bounded by [`MAX_FILE`].
    Streams,
}

fn is_stream(meta: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        t.is_fifo() || t.is_char_device()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// The bytes of a file of at most [`MAX_FILE`] bytes; `code` is the diagnostic's code.
fn read_bytes(path: &Path, code: &str, accept: Accept) -> Result<Vec<u8>, Diagnostic> {
    let shown = path.display();
    let fail = |why: String| Diagnostic::new(code, format!("cannot read {shown}: {why}"));
    let check = |meta: &Metadata| {
        let streamed = accept == Accept::Streams && is_stream(meta);
        if !(meta.is_file() || streamed) {
            return Err(fail(format!("it is {}, not a regular file", kind(meta)))
                .help("read a file written by an editor, `save` or `sgs gen`"));
        }
        if meta.len() > MAX_FILE {
            return Err(fail(format!(
                "it is {} bytes, more than the {MAX_FILE} bytes (256 MiB) sgs reads",
                meta.len()
            )));
        }
        Ok(())
    };
    // Checked before opening (opening a FIFO blocks), and again on the open file.
    check(&std::fs::metadata(path).map_err(|e| fail(e.to_string()))?)?;
    let file = File::open(path).map_err(|e| fail(e.to_string()))?;
    let meta = file.metadata().map_err(|e| fail(e.to_string()))?;
    check(&meta)?;
    // A regular file's size is known: read it into a buffer of that size, not one that doubled.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).saturating_add(1));
    file.take(MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(fail(format!(
            "it grew past the {MAX_FILE} bytes (256 MiB) sgs reads"
        )));
    }
    Ok(bytes)
}

/// The text of a regular file of at most [`MAX_FILE`] bytes; a byte that is not UTF-8 is refused
/// with its `file:line:column`. `code` is the diagnostic's code.
pub fn read_text(path: &Path, code: &str) -> Result<String, Diagnostic> {
    text_of(path, code, read_bytes(path, code, Accept::Files)?)
}

/// The text of a session file: as [`read_text`], but a FIFO or a character device is read too
/// (`sgs run <(make-lab)`, `sgs run /dev/stdin`), up to [`MAX_FILE`] bytes.
pub fn read_script(path: &Path, code: &str) -> Result<String, Diagnostic> {
    text_of(path, code, read_bytes(path, code, Accept::Streams)?)
}

/// Standard input as a session's text, up to [`MAX_FILE`] bytes (`sgs < /dev/zero` ends).
pub fn read_stdin(code: &str) -> Result<String, Diagnostic> {
    let path = Path::new("<stdin>");
    let fail = |why: String| Diagnostic::new(code, format!("cannot read standard input: {why}"));
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(fail(format!(
            "it is longer than the {MAX_FILE} bytes (256 MiB) sgs reads"
        )));
    }
    text_of(path, code, bytes)
}

fn text_of(path: &Path, code: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let before = String::from_utf8_lossy(&bytes[..valid]);
        let (line, col) = crate::lang::error::line_col(&before, before.len());
        let byte = bytes.get(valid).copied().unwrap_or_default();
        Diagnostic::new(
            code,
            format!(
                "{}:{line}:{col}: the file is not UTF-8 text (byte 0x{byte:02x})",
                path.display()
            ),
        )
        .help("save the file as UTF-8")
    })
}

/// A file error as the command line prints it, where there is no line to point at: the headline
/// and the help.
pub fn plain(e: &Diagnostic) -> String {
    match &e.help {
        Some(help) => format!("{}\n  = help: {help}", e.headline()),
        None => e.headline(),
    }
}

/// Writes `text` to `path` atomically: through a fresh temporary file in the same directory,
/// synced, renamed over the target, then the directory synced. An existing target must be a
/// regular file (not followed if it is a symlink); it keeps its permissions. The temporary file is
/// removed on any failure.
pub fn write_atomic(path: &Path, text: &str) -> Result<(), Diagnostic> {
    let shown = path.display();
    let fail = |why: String| {
        Diagnostic::new("SaveFailed", format!("cannot write {shown}: {why}"))
            .help("the file is unchanged")
    };
    let keep = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() => Some(meta.permissions()),
        Ok(meta) => {
            return Err(fail(format!(
                "it is {}, not a regular file; sgs replaces only regular files",
                kind(&meta)
            ))
            .help("save to a new path, or to a regular file"));
        }
        Err(e) if e.kind() == ErrorKind::NotFound => None,
        Err(e) => return Err(fail(e.to_string())),
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "world".into(), |n| n.to_string_lossy());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        // A new file gets the usual 0666 less the umask, as any editor would make it.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| fail(e.to_string()))?;
    tmp.write_all(text.as_bytes())
        .map_err(|e| fail(e.to_string()))?;
    if let Some(perms) = keep {
        tmp.as_file()
            .set_permissions(perms)
            .map_err(|e| fail(e.to_string()))?;
    }
    tmp.as_file().sync_all().map_err(|e| fail(e.to_string()))?;
    // On failure the error holds the temporary file, and dropping it removes it.
    tmp.persist(path).map_err(|e| fail(e.error.to_string()))?;
    // The rename is durable once the directory is synced (not every system can open one).
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
