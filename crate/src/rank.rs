//! Scoring: BM25 with a title boost and match-tier weights.
//!
//! In: term statistics (document frequency, occurrences, body length) and the
//! tier a term was matched at. Out: a score. All parameters live in
//! [`Params`], whose defaults are documented there.

/// How a query word reached a term. Order = preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// The word as typed (folded).
    Exact,
    /// The word with its clitics removed (وروسيا → روسيا).
    Clitic,
    /// A shared light stem (الكوريين ~ كوريا).
    Stem,
    /// The dictionary term starts with the word being typed.
    Prefix,
    /// The term is within a small edit distance (a typo).
    Fuzzy,
}

/// Ranking parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// BM25 term-frequency saturation. Default 1.2 (the usual value).
    pub k1: f64,
    /// BM25 length normalisation. Default 0.75 (the usual value).
    pub b: f64,
    /// Weight of title occurrences relative to body ones. Default 3: a word in
    /// the headline says more about the article than one in its body.
    pub title_boost: f64,
    /// Weights per tier, in [`Tier`] order. Defaults 1.0, 0.75, 0.5, 0.4, 0.3:
    /// exact forms clearly outrank stem-only matches, which outrank words the
    /// reader has not finished typing and then guesses at typos.
    pub tier_weights: [f64; 5],
    /// Extra factor for documents where a quoted phrase matched. Default 1.5.
    pub phrase_boost: f64,
    /// Extra factor for documents where the words of an unquoted query stand
    /// next to each other: the score is multiplied by 1 + this × the share
    /// of neighbouring query words found side by side (in either order,
    /// weighted by their tiers). Default 3.0, so a document holding all the
    /// words together as typed scores four times one that scatters them: a
    /// reader who types several words usually remembers them together, and
    /// BM25's preference for short documents must not undo that (with 1.0,
    /// a long document holding a phrase across two verses ranked below
    /// shorter ones holding part of it).
    pub proximity_boost: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            k1: 1.2,
            b: 0.75,
            title_boost: 3.0,
            tier_weights: [1.0, 0.75, 0.5, 0.4, 0.3],
            phrase_boost: 1.5,
            proximity_boost: 3.0,
        }
    }
}

impl Params {
    /// Weight of a tier.
    pub fn tier(&self, tier: Tier) -> f64 {
        self.tier_weights[tier as usize]
    }

    /// Inverse document frequency (BM25's, always positive).
    pub fn idf(&self, doc_count: u32, df: u32) -> f64 {
        let (n, df) = (f64::from(doc_count), f64::from(df.min(doc_count)));
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// BM25 score of one term in one document, title occurrences boosted.
    pub fn score(
        &self,
        idf: f64,
        title_tf: usize,
        body_tf: f64,
        body_len: u32,
        avg_len: f64,
    ) -> f64 {
        let norm = self.k1 * (1.0 - self.b + self.b * f64::from(body_len) / avg_len);
        let tf = body_tf + self.title_boost * title_tf as f64;
        idf * tf * (self.k1 + 1.0) / (tf + norm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rarer_terms_and_more_occurrences_score_higher() {
        let p = Params::default();
        assert!(p.idf(100, 1) > p.idf(100, 50));
        assert!(p.idf(5, 5) > 0.0);
        let idf = p.idf(100, 5);
        assert!(p.score(idf, 0, 3.0, 100, 100.0) > p.score(idf, 0, 1.0, 100, 100.0));
        assert!(p.score(idf, 1, 0.0, 100, 100.0) > p.score(idf, 0, 1.0, 100, 100.0));
        assert!(p.score(idf, 0, 1.0, 50, 100.0) > p.score(idf, 0, 1.0, 200, 100.0));
    }

    #[test]
    fn tiers_are_ordered() {
        let p = Params::default();
        let tiers = [
            Tier::Exact,
            Tier::Clitic,
            Tier::Stem,
            Tier::Prefix,
            Tier::Fuzzy,
        ];
        for pair in tiers.windows(2) {
            assert!(p.tier(pair[0]) > p.tier(pair[1]));
        }
    }
}
