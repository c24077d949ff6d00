//! Where the REPL keeps its history: `$XDG_DATA_HOME/sgs/history`, else
//! `$HOME/.local/share/sgs/history`, as the XDG base directory specification puts user data.

use std::ffi::OsString;
use std::path::PathBuf;

/// The history file for this user, if a data directory can be found.
pub fn path() -> Option<PathBuf> {
    path_from(std::env::var_os("XDG_DATA_HOME"), std::env::var_os("HOME"))
}

/// The history file from the values of `XDG_DATA_HOME` and `HOME`. The specification says a
/// relative `XDG_DATA_HOME` is invalid and to be ignored.
pub fn path_from(xdg_data_home: Option<OsString>, home: Option<OsString>) -> Option<PathBuf> {
    let data = xdg_data_home
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            home.filter(|h| !h.is_empty())
                .map(|h| PathBuf::from(h).join(".local").join("share"))
        })?;
    Some(data.join("sgs").join("history"))
}

/// Creates the directory the history file goes in.
pub fn prepare(path: &std::path::Path) -> std::io::Result<()> {
    match path.parent() {
        Some(dir) => std::fs::create_dir_all(dir),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xdg_data_home_wins() {
        let p = path_from(Some("/data".into()), Some("/home/me".into()));
        assert_eq!(p, Some(PathBuf::from("/data/sgs/history")));
    }

    #[test]
    fn home_is_the_fallback() {
        let p = path_from(None, Some("/home/me".into()));
        assert_eq!(p, Some(PathBuf::from("/home/me/.local/share/sgs/history")));
        let relative = path_from(Some("data".into()), Some("/home/me".into()));
        assert_eq!(relative, p, "a relative XDG_DATA_HOME is ignored");
        let empty = path_from(Some("".into()), Some("/home/me".into()));
        assert_eq!(empty, p);
    }

    #[test]
    fn no_directory_no_history() {
        assert_eq!(path_from(None, None), None);
        assert_eq!(path_from(None, Some("".into())), None);
    }
}
