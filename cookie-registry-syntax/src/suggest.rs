//! "Did you mean ...?" for misspelt keys and keywords.

/// The candidate closest to `input`, if it is close enough to be a plausible typo.
pub(crate) fn nearest<'a>(input: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let input = input.to_ascii_lowercase();
    candidates
        .iter()
        .map(|c| (edit_distance(&input, c), *c))
        .filter(|(d, c)| *d <= (c.len().max(input.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over bytes; keys and keywords are ASCII.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// `, did you mean `x`?` or nothing.
pub(crate) fn hint(input: &str, candidates: &[&str]) -> String {
    match nearest(input, candidates) {
        Some(c) => format!("; did you mean `{c}`?"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_not_strangers() {
        let keys = ["provider", "purpose", "lifetime", "http_only", "same_site"];
        assert_eq!(nearest("purpse", &keys), Some("purpose"));
        assert_eq!(nearest("httponly", &keys), Some("http_only"));
        assert_eq!(nearest("samesite", &keys), Some("same_site"));
        assert_eq!(nearest("lifetim", &keys), Some("lifetime"));
        assert_eq!(nearest("zzz", &keys), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
