//! Long lines in the trace and the console: cut into rows of the pane's width (at any
//! character, so the rows a line takes are known exactly), and the scroll position that shows the
//! last line whole, counting the rows wrapped lines take.

use unicode_width::UnicodeWidthChar;

/// `text` cut into rows of at most `width` columns (at least one row, maybe empty): after the
/// last space that fits, or at the width in a word longer than a row.
pub fn cut(text: &str, width: usize) -> Vec<&str> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let (mut start, mut used) = (0, 0);
    // The byte after the row's last space, and the columns up to it.
    let mut space: Option<(usize, usize)> = None;
    for (i, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width && c == ' ' {
            // A space at the edge ends the row (and takes no room on the next).
            rows.push(&text[start..i + c.len_utf8()]);
            start = i + c.len_utf8();
            used = 0;
            space = None;
            continue;
        }
        if used + w > width && i > start {
            let (end, end_used) = space.unwrap_or((i, used));
            rows.push(&text[start..end]);
            start = end;
            used -= end_used;
            space = None;
        }
        used += w;
        if c == ' ' {
            space = Some((i + 1, used));
        }
    }
    rows.push(&text[start..]);
    rows
}

/// How many rows `text` takes in `width` columns.
pub fn height(text: &str, width: usize) -> usize {
    cut(text, width).len()
}

/// The first line to show so that the last lines end at the foot of `rows` rows: the greatest
/// scroll offset. `from_last` gives the lines' heights in rows, the last line first, for as many
/// as are needed (a long log is not measured whole); `len` is how many lines there are. A last
/// line taller than the pane is shown from its top.
pub fn last_offset(from_last: impl IntoIterator<Item = usize>, len: usize, rows: usize) -> usize {
    let mut used = 0;
    let mut offset = len;
    for h in from_last.into_iter().take(len) {
        if used + h > rows && offset < len {
            break;
        }
        used += h;
        offset -= 1;
        if used >= rows {
            break;
        }
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_cut_at_the_width_and_the_last_rows_fit() {
        assert_eq!(cut("abcdefg", 3), vec!["abc", "def", "g"]);
        assert_eq!(cut("ab cd ef", 5), vec!["ab cd ", "ef"]);
        assert_eq!(cut("ab cde f", 5), vec!["ab ", "cde f"]);
        assert_eq!(cut("ab cdefgh", 4), vec!["ab ", "cdef", "gh"]);
        assert_eq!(cut("", 3), vec![""]);
        assert_eq!(cut("éé", 1), vec!["é", "é"]);
        let last = |heights: &[usize], rows| {
            last_offset(heights.iter().rev().copied(), heights.len(), rows)
        };
        assert_eq!(last(&[1, 1, 3, 2], 5), 2);
        assert_eq!(last(&[1, 1, 1], 5), 0);
        assert_eq!(last(&[1, 9], 5), 1);
        assert_eq!(last(&[], 5), 0);
    }
}
