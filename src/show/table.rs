//! Aligned text tables: each column as wide as its widest cell, however long a cell is.

/// Pushes `cell` then spaces up to `width` chars. (`format!`'s `{:<w$}` panics when `w` is past
/// 65,535, and a cell is as long as a user's name or description.)
fn pad(out: &mut String, cell: &str, width: usize) {
    out.push_str(cell);
    let n = width.saturating_sub(cell.chars().count());
    out.extend(std::iter::repeat_n(' ', n));
}

/// Renders rows under headers, each column as wide as its widest cell.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let mut out = String::new();
    let line = |cells: &mut dyn Iterator<Item = &str>, out: &mut String| {
        let mut s = String::new();
        for (i, cell) in cells.enumerate() {
            pad(&mut s, cell, widths.get(i).copied().unwrap_or(0));
            s.push_str("  ");
        }
        out.push_str(s.trim_end());
        out.push('\n');
    };
    line(&mut headers.iter().copied(), &mut out);
    for row in rows {
        line(&mut row.iter().map(String::as_str), &mut out);
    }
    out
}
