//! "Did you mean …?": the closest of a set of words to a misspelt one.
//!
//! Used by the parser for keywords (`authorise` → `authorize`), sub-keywords (`ingres`) and ICMP
//! names (`echo-reqest`), and by the world for names that resolve to nothing (`did you mean
//! 'web'?`). Comparison ignores case; a suggestion is at most two edits away (an edit
//! is an insertion, a deletion, a substitution or a swap of two neighbours) and never rewrites the
//! whole word, so `x` does not suggest `in`.

/// The candidate closest to `word`, if one is at most two edits away. Ties go to the earlier
/// candidate.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    if word.is_empty() {
        return None;
    }
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let lower: Vec<char> = candidate.chars().flat_map(char::to_lowercase).collect();
        if word.len().abs_diff(lower.len()) > 2 {
            continue;
        }
        let d = distance(&word, &lower);
        if d <= 2 && d < word.len() && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// The edit distance between `a` and `b` (optimal string alignment: Levenshtein plus swaps of
/// adjacent chars), ignoring case.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    distance(&a, &b)
}

fn distance(a: &[char], b: &[char]) -> usize {
    // Three rows of the dynamic-programming table: two back (for swaps), one back, current.
    let mut two_back: Vec<usize> = vec![0; b.len() + 1];
    let mut one_back: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (one_back[j] + 1)
                .min(current[j - 1] + 1)
                .min(one_back[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(two_back[j - 2] + 1);
            }
            current[j] = d;
        }
        std::mem::swap(&mut two_back, &mut one_back);
        std::mem::swap(&mut one_back, &mut current);
    }
    one_back[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn british_spelling_suggests_the_keyword() {
        assert_eq!(
            did_you_mean("authorise", ["authorize", "associate"]),
            Some("authorize")
        );
    }

    #[test]
    fn comparison_ignores_case() {
        assert_eq!(
            did_you_mean("INGRES", ["ingress", "egress"]),
            Some("ingress")
        );
    }

    #[test]
    fn swapped_letters_count_as_one_edit() {
        assert_eq!(edit_distance("pubilc", "public"), 1);
        assert_eq!(
            did_you_mean("pubilc", ["ipv6", "az", "public"]),
            Some("public")
        );
    }

    #[test]
    fn far_words_suggest_nothing() {
        assert_eq!(did_you_mean("sideways", ["public", "private"]), None);
        assert_eq!(did_you_mean("x", ["in", "az"]), None);
        assert_eq!(did_you_mean("", ["in"]), None);
    }

    #[test]
    fn closest_candidate_wins() {
        assert_eq!(did_you_mean("group", ["groups", "group"]), Some("group"));
        assert_eq!(
            did_you_mean("echo-reqest", ["echo-reply", "echo-request"]),
            Some("echo-request")
        );
    }

    #[test]
    fn distance_of_unicode_counts_chars() {
        assert_eq!(edit_distance("café", "cafe"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
