//! "Did you mean": the page, post or file of a site nearest to a missing target, found in
//! constant time per query. Candidates are indexed by folder and by the length of their
//! last segment; a query looks at the same folder first, then at pages anywhere whose last
//! segment is about as long, nearest lengths first, and compares at most [`BUDGET`] of
//! them. Without the budget, a site with thousands of pages and hundreds of dead links
//! (common after a theme move) grows slower with every post.

use rustc_hash::FxHashMap;

use super::resolve::Features;

/// Candidates compared per query, at most.
pub const BUDGET: usize = 512;

/// Candidates of one site (URLs, or post names), indexed.
#[derive(Debug, Default)]
pub struct Suggester {
    all: Vec<String>,
    /// What is compared of each candidate before its edit distance, computed once.
    features: Vec<Features>,
    /// Folder (`/2020/04/28/`) → candidates in it, by length of their last segment.
    by_dir: FxHashMap<String, Vec<u32>>,
    /// Length of the last segment (capped) → candidates.
    by_len: Vec<Vec<u32>>,
}

const MAX_LEN: usize = 128;

fn split(url: &str) -> (&str, &str) {
    let t = url.trim_end_matches('/');
    match t.rfind('/') {
        Some(i) => (&url[..=i], &t[i + 1..]),
        None => ("", t),
    }
}

impl Suggester {
    pub fn new<'a>(candidates: impl Iterator<Item = &'a str>) -> Suggester {
        let mut s = Suggester {
            by_len: vec![Vec::new(); MAX_LEN + 1],
            ..Suggester::default()
        };
        // In one order whatever order the site's sets hold them in: among equally near
        // candidates the first wins, the same one every run.
        let mut candidates: Vec<&str> = candidates.collect();
        candidates.sort_unstable();
        candidates.dedup();
        for c in candidates {
            let i = s.all.len() as u32;
            s.all.push(c.to_string());
            s.features.push(Features::of(c));
            let (dir, last) = split(c);
            s.by_dir.entry(dir.to_string()).or_default().push(i);
            s.by_len[last.len().min(MAX_LEN)].push(i);
        }
        let all = &s.all;
        for v in s.by_dir.values_mut() {
            v.sort_by_key(|&i| split(&all[i as usize]).1.len());
        }
        s
    }

    /// The candidate nearest to `target` (see [`closest`]), if one is a near miss.
    pub fn suggest(
        &self,
        target: &str,
        closest: impl Fn(&str, &mut dyn Iterator<Item = (&str, Features)>) -> Option<String>,
    ) -> Option<String> {
        let (dir, last) = split(target);
        let len = last.len();
        // The same folder, nearest lengths first.
        if let Some(bucket) = self.by_dir.get(dir) {
            let at = bucket.partition_point(|&i| split(&self.all[i as usize]).1.len() < len);
            let mut picked = nearest(bucket.len(), at)
                .take(BUDGET)
                .map(|k| self.candidate(bucket[k]));
            if let Some(found) = closest(target, &mut picked) {
                return Some(found);
            }
        }
        // Anywhere, by length of the last segment, nearest first.
        let lengths = nearest(MAX_LEN + 1, len.min(MAX_LEN)).map(|l| &self.by_len[l]);
        let mut picked = lengths
            .flat_map(|v| v.iter())
            .take(BUDGET)
            .map(|&i| self.candidate(i));
        closest(target, &mut picked)
    }

    fn candidate(&self, i: u32) -> (&str, Features) {
        (self.all[i as usize].as_str(), self.features[i as usize])
    }
}

/// Indices of `0..n` ordered by distance from `at` (`at`, `at-1`, `at+1`, `at-2`...).
fn nearest(n: usize, at: usize) -> impl Iterator<Item = usize> {
    (0..2 * n).filter_map(move |k| {
        let step = k / 2;
        if k % 2 == 0 {
            at.checked_add(step).filter(|&i| i < n)
        } else {
            at.checked_sub(step + 1)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(target: &str, c: &mut dyn Iterator<Item = (&str, Features)>) -> Option<String> {
        let t = split(target).1;
        c.map(|(x, f)| {
            assert_eq!(f, Features::of(x), "features kept for {x}");
            x
        })
        .filter(|x| crate::text::distance::osa(t, split(x).1, 2).is_some())
        .map(str::to_string)
        .next()
    }

    /// Equally near candidates: the same one wins whatever order the site's sets give.
    #[test]
    fn ties_do_not_depend_on_the_candidates_order() {
        let mut files: Vec<String> = (1..=28)
            .map(|d| format!("/images/2005-01-{d:02}/photo-0.jpg"))
            .collect();
        let forward = Suggester::new(files.iter().map(String::as_str));
        files.reverse();
        let backward = Suggester::new(files.iter().map(String::as_str));
        for target in [
            "/images/2005-03-01/photo-0.jpg",
            "/images/2005-01-05/photo-1.jpg",
        ] {
            let a = forward.suggest(target, plain);
            assert!(a.is_some(), "{target}");
            assert_eq!(a, backward.suggest(target, plain), "{target}");
        }
    }

    #[test]
    fn finds_in_the_folder_then_anywhere() {
        let urls = [
            "/2020/04/28/summit.html",
            "/about/",
            "/2021/01/02/sprint.html",
        ];
        let s = Suggester::new(urls.into_iter());
        assert_eq!(
            s.suggest("/2020/04/28/sumit.html", plain).as_deref(),
            Some("/2020/04/28/summit.html")
        );
        assert_eq!(
            s.suggest("/2020/04/29/sprnt.html", plain).as_deref(),
            Some("/2021/01/02/sprint.html")
        );
    }

    #[test]
    fn nearest_order() {
        let order: Vec<usize> = nearest(5, 2).collect();
        assert_eq!(order, [2, 1, 3, 0, 4]);
        assert_eq!(nearest(3, 3).collect::<Vec<_>>(), [2, 1, 0]);
    }
}
