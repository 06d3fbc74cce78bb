//! The kinds of administrative document (Điều 7, Phụ lục III of Nghị định 30): one registry.
//! Whatever asks "which kind is this, and what does it print" asks here: its name, its
//! abbreviation in the ký hiệu (none for công văn and thư công, whose ký hiệu is the issuer's
//! and the drafting unit's), and the decree's model it follows, which says whether it has a
//! type-name line, a "V/v" line, a Kính gửi. Which template writes a document's body is the
//! document's own choice (its name or `mau`), not its kind's.

/// The decree's model layouts (Phụ lục III Mục II) a kind follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    /// 1.1–1.4: a type-name line and a trích yếu under it (nghị quyết, quyết định, kế hoạch,
    /// báo cáo, tờ trình, …).
    Named,
    /// 1.5: no type-name line; the trích yếu is "V/v …" under the number (công văn, thư
    /// công).
    Letter,
    /// 1.8 and 1.10: the type name and its rule, no trích yếu (H-21).
    Unsummarised,
    /// 1.9: biên bản, the type name and the meeting's name; no date line in the header
    /// (H-17), two signature columns (S-8).
    Minutes,
}

/// One kind of document.
#[derive(Debug)]
pub struct Kind {
    /// The name a data file writes in `loai` ("ke-hoach").
    pub slug: &'static str,
    /// Its name ("Kế hoạch"); the type-name line is it in capitals.
    pub name: &'static str,
    /// Its abbreviation in the ký hiệu ("KH"); empty for công văn and thư công.
    pub abbr: &'static str,
    pub model: Model,
    /// Ô 9a: the decree's models address it to someone (công văn; tờ trình and báo cáo sent
    /// upward, B-10): a data file without Kính gửi is still valid, the form offers one.
    pub addressed: bool,
}

impl Kind {
    /// Whether ô 5a prints the type name (H-23: a công văn has none).
    pub fn has_type_line(&self) -> bool {
        self.model != Model::Letter
    }

    /// Whether the trích yếu is a "V/v …" line under the number (H-22).
    pub fn has_subject_line(&self) -> bool {
        self.model == Model::Letter
    }
}

const fn kind(slug: &'static str, name: &'static str, abbr: &'static str) -> Kind {
    Kind {
        slug,
        name,
        abbr,
        model: Model::Named,
        addressed: false,
    }
}

const fn addressed(k: Kind) -> Kind {
    Kind {
        addressed: true,
        ..k
    }
}

const fn model(k: Kind, model: Model) -> Kind {
    Kind { model, ..k }
}

/// The slugs code names a kind by.
pub const BAO_CAO: &str = "bao-cao";
pub const TO_TRINH: &str = "to-trinh";
pub const KE_HOACH: &str = "ke-hoach";
pub const QUY_DINH: &str = "quy-dinh";

/// Every kind, in the order of Phụ lục III Mục I, then công văn and thư công (Điều 7), then
/// the copies.
pub const KINDS: &[Kind] = &[
    kind("nghi-quyet", "Nghị quyết", "NQ"),
    kind("quyet-dinh", "Quyết định", "QĐ"),
    kind("chi-thi", "Chỉ thị", "CT"),
    kind("quy-che", "Quy chế", "QC"),
    kind(QUY_DINH, "Quy định", "QyĐ"),
    kind("thong-cao", "Thông cáo", "TC"),
    kind("thong-bao", "Thông báo", "TB"),
    kind("huong-dan", "Hướng dẫn", "HD"),
    kind("chuong-trinh", "Chương trình", "CTr"),
    kind(KE_HOACH, "Kế hoạch", "KH"),
    kind("phuong-an", "Phương án", "PA"),
    kind("de-an", "Đề án", "ĐA"),
    kind("du-an", "Dự án", "DA"),
    addressed(kind(BAO_CAO, "Báo cáo", "BC")),
    model(kind("bien-ban", "Biên bản", "BB"), Model::Minutes),
    addressed(kind(TO_TRINH, "Tờ trình", "TTr")),
    kind("hop-dong", "Hợp đồng", "HĐ"),
    kind("cong-dien", "Công điện", "CĐ"),
    kind("ban-ghi-nho", "Bản ghi nhớ", "BGN"),
    kind("ban-thoa-thuan", "Bản thỏa thuận", "BTT"),
    kind("giay-uy-quyen", "Giấy ủy quyền", "GUQ"),
    kind("giay-moi", "Giấy mời", "GM"),
    model(
        kind("giay-gioi-thieu", "Giấy giới thiệu", "GGT"),
        Model::Unsummarised,
    ),
    model(
        kind("giay-nghi-phep", "Giấy nghỉ phép", "GNP"),
        Model::Unsummarised,
    ),
    kind("phieu-gui", "Phiếu gửi", "PG"),
    kind("phieu-chuyen", "Phiếu chuyển", "PC"),
    kind("phieu-bao", "Phiếu báo", "PB"),
    // Điều 7: công văn and thư công have no abbreviation; their ký hiệu is the issuer's and
    // the drafting unit's (H-12).
    addressed(model(kind("cong-van", "Công văn", ""), Model::Letter)),
    addressed(model(kind("thu-cong", "Thư công", ""), Model::Letter)),
    kind("ban-sao-y", "Bản sao y", "SY"),
    kind("ban-trich-sao", "Bản trích sao", "TrS"),
    kind("ban-sao-luc", "Bản sao lục", "SL"),
];

/// The kind a data file names by its slug.
pub fn find(slug: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.slug == slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_decree_s_abbreviations_exactly() {
        assert_eq!(find("to-trinh").unwrap().abbr, "TTr");
        assert_eq!(find("quy-dinh").unwrap().abbr, "QyĐ");
        assert_eq!(find("ban-trich-sao").unwrap().abbr, "TrS");
        assert_eq!(find("phieu-bao").unwrap().abbr, "PB");
        assert_eq!(find("chuong-trinh").unwrap().abbr, "CTr");
        assert_eq!(find("quy-che").unwrap().abbr, "QC");
        assert_eq!(find("du-an").unwrap().abbr, "DA");
        assert!(find("quy-dinh").unwrap().abbr.contains('\u{0110}'));
        assert_eq!(KINDS.len(), 27 + 2 + 3);
        let letter = find("cong-van").unwrap();
        assert_eq!((letter.name, letter.abbr), ("Công văn", ""));
        assert!(!letter.has_type_line() && letter.has_subject_line());
        assert!(find("thu-cong").unwrap().has_subject_line());
        assert!(find("ke-hoach").unwrap().has_type_line());
        // Every slug once.
        let mut slugs: Vec<&str> = KINDS.iter().map(|k| k.slug).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), KINDS.len());
    }
}
