//! A dossier's arithmetic: the leaves that count, their sum re-weighted to the sheet's
//! total when some are left out or do not apply, bonus and penalty after their caps, group
//! sums, the zero-group rule, the totals and classes, own and appraised alike.

use super::claims::{Claims, Item};
use super::{Criterion, Pts, ScoreSheet};

/// Whose points a leaf counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Side {
    /// The agency's self-score.
    Own,
    /// The appraiser's where given, else the agency's.
    Final,
}

/// The sums of one dossier against the sheet.
pub struct Tally<'a> {
    sheet: &'a ScoreSheet,
    claims: &'a Claims,
    /// Leaves of the agency's block.
    applicable: Vec<&'a Criterion>,
    /// Leaves that count: applicable, and not left out as "không phát sinh".
    pub counted: Vec<&'a Criterion>,
    /// The sheet's total.
    pub full: Pts,
    /// What the counted leaves can score.
    counted_max: Pts,
}

/// A dossier's totals and classes.
pub struct Totals {
    /// The criteria's self-score, re-weighted.
    pub criteria: Pts,
    /// Whether re-weighting changed it.
    pub reweighted: bool,
    /// The criteria's appraised score, re-weighted.
    pub criteria_appraised: Pts,
    /// Bonus and penalty after their caps.
    pub bonus: Pts,
    pub penalty: Pts,
    pub total: Pts,
    pub class: Option<String>,
    /// Once appraised.
    pub appraised: Option<Pts>,
    pub appraised_class: Option<String>,
}

impl<'a> Tally<'a> {
    pub fn new(sheet: &'a ScoreSheet, block: Option<&str>, claims: &'a Claims) -> Self {
        let applicable: Vec<&Criterion> = sheet.leaves().filter(|c| c.applies_to(block)).collect();
        let counted: Vec<&Criterion> = applicable
            .iter()
            .copied()
            .filter(|c| !claims.leaves[&c.id].dropped)
            .collect();
        let counted_max = counted.iter().filter_map(|c| c.max).sum();
        Tally {
            sheet,
            claims,
            applicable,
            counted,
            full: sheet.full(),
            counted_max,
        }
    }

    /// A leaf's points on one side.
    pub fn points(&self, c: &Criterion, side: Side) -> Pts {
        let own = self.claims.leaves[&c.id].points;
        match (side, &self.claims.appraised) {
            (Side::Final, Some(a)) => a.get(&c.id).copied().unwrap_or(own),
            _ => own,
        }
    }

    /// `raw` scaled from what the counted leaves can score to the sheet's total, rounded
    /// half up, so agencies with fewer leaves are classed on the same scale.
    pub fn reweight(&self, raw: Pts) -> Pts {
        let (full, counted) = (self.full.hundredths(), self.counted_max.hundredths());
        if counted == 0 || counted == full {
            raw
        } else {
            Pts::from_hundredths((raw.hundredths() * full * 2 + counted) / (2 * counted))
        }
    }

    /// The counted leaves' sum.
    pub fn raw(&self, side: Side) -> Pts {
        self.counted.iter().map(|c| self.points(c, side)).sum()
    }

    /// The groups (top-level criteria) with their index.
    pub fn groups(&self) -> impl Iterator<Item = (usize, &'a Criterion)> {
        let groups = self.sheet.criteria.iter().filter(|c| c.depth == 0);
        groups.enumerate()
    }

    /// Whether group `gi` has leaves of the agency's block: groups without are not shown.
    pub fn block_has(&self, gi: usize) -> bool {
        self.applicable.iter().any(|c| c.group == gi)
    }

    /// A group's maximum and points over its counted leaves.
    pub fn group_sum(&self, gi: usize, side: Side) -> (Pts, Pts) {
        let leaves = self.counted.iter().filter(|c| c.group == gi);
        leaves.fold((Pts::ZERO, Pts::ZERO), |(m, s), c| {
            (m + c.max.unwrap_or(Pts::ZERO), s + self.points(c, side))
        })
    }

    /// A group that could score but scored nothing blocks the bands that say so.
    fn zero_group(&self, side: Side) -> bool {
        self.groups().any(|(gi, _)| {
            let (m, s) = self.group_sum(gi, side);
            m > Pts::ZERO && s == Pts::ZERO
        })
    }

    /// The totals and classes; the appraised ones only once appraised.
    pub fn totals(&self) -> Totals {
        let bonus = capped(&self.claims.bonus, self.sheet.bonus.cap);
        let penalty = capped(&self.claims.penalty, self.sheet.penalty.cap);
        let raw = self.raw(Side::Own);
        let criteria = self.reweight(raw);
        let criteria_appraised = self.reweight(self.raw(Side::Final));
        let total = (criteria + bonus - penalty).max(Pts::ZERO);
        let penalties: Vec<String> = self.claims.penalty.iter().map(|p| p.id.clone()).collect();
        let class = self
            .sheet
            .class(total, self.zero_group(Side::Own), &penalties);
        let appraised = self
            .claims
            .appraised
            .is_some()
            .then(|| (criteria_appraised + bonus - penalty).max(Pts::ZERO));
        let appraised_class = appraised.and_then(|t| {
            self.sheet
                .class(t, self.zero_group(Side::Final), &penalties)
        });
        Totals {
            criteria,
            reweighted: criteria != raw,
            criteria_appraised,
            bonus,
            penalty,
            total,
            class,
            appraised,
            appraised_class,
        }
    }
}

/// The items' sum, at most the cap.
fn capped(items: &[Item], cap: Option<Pts>) -> Pts {
    let sum: Pts = items.iter().map(|i| i.points).sum();
    cap.map_or(sum, |c| sum.min(c))
}
