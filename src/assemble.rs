//! Assemble: agency + document data + composed body → the document tree, with every
//! problem collected as a diagnostic pointing into the YAML.

use chrono::{Datelike, NaiveDate};

use crate::compose::Composer;
use crate::diag::{did_you_mean, Diagnostic};
use crate::doc::{Document, Header, Recipients, Signature};
use crate::fonts::{Face, FontSet};
use crate::layout::{Geometry, Settings};
use crate::markdown;
use crate::nd30;
use crate::workspace::{Agency, DocSource};

/// Default body template.
pub const DEFAULT_TEMPLATE: &str = "van-ban";

pub fn document(
    settings: &Settings,
    fonts: &FontSet,
    composer: &Composer,
    agency: &Agency,
    src: &DocSource,
) -> Result<Document, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let d = &src.data;
    let path = &src.path;
    let a = &agency.info;

    let doc_type = nd30::doc_type(&d.loai.value);
    if doc_type.is_none() {
        let slugs = nd30::DOC_TYPES.iter().map(|t| t.0);
        let mut diag = Diagnostic::at(
            path,
            d.loai.referenced,
            format!(
                "loại văn bản `{}` không có trong Nghị định 30",
                d.loai.value
            ),
        );
        diag = diag.hint(match did_you_mean(&d.loai.value, slugs) {
            Some(s) => format!("có phải ý bạn là `{s}`?"),
            None => format!(
                "chọn một trong: {}",
                nd30::DOC_TYPES
                    .iter()
                    .map(|t| t.0)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
        diags.push(diag);
    }

    let date = match &d.ngay {
        Some(s) => match parse_date(&s.value) {
            Some(v) => Some(v),
            None => {
                diags.push(
                    Diagnostic::at(path, s.referenced, format!("ngày `{}` không hợp lệ", s.value))
                        .hint("viết theo dạng 2025-03-06 hoặc 06/3/2025; bỏ trống (xóa dòng) nếu văn thư sẽ điền ngày"),
                );
                None
            }
        },
        None => None,
    };
    let year = date.map(|x| x.year()).or(d.nam);
    if year.is_none() && d.ngay.is_none() {
        diags.push(
            Diagnostic::file(path, "thiếu năm ban hành")
                .hint("thêm `ngay: YYYY-MM-DD`, hoặc `nam: 2025` nếu văn thư sẽ điền ngày tháng"),
        );
    }

    let signer = a.nguoi_ky.iter().find(|s| s.ma == d.nguoi_ky.value);
    if signer.is_none() {
        let ids: Vec<&str> = a.nguoi_ky.iter().map(|s| s.ma.as_str()).collect();
        let hint = match did_you_mean(&d.nguoi_ky.value, ids.iter().copied()) {
            Some(s) => format!(
                "có phải ý bạn là `{s}`? Người ký khai trong {}",
                agency.file.display()
            ),
            None => format!(
                "các mã người ký có trong {}: {}",
                agency.file.display(),
                ids.join(", ")
            ),
        };
        diags.push(
            Diagnostic::at(
                path,
                d.nguoi_ky.referenced,
                format!("không có người ký mã `{}`", d.nguoi_ky.value),
            )
            .hint(hint),
        );
    }
    for q in a.nguoi_ky.iter().filter_map(|s| s.quyen_han.as_ref()) {
        if !nd30::is_authority_prefix(q.value.trim()) {
            diags.push(
                Diagnostic::at(
                    &agency.file,
                    q.referenced,
                    format!("quyền hạn ký `{}` không đúng Nghị định 30", q.value),
                )
                .hint(
                    "dùng một trong: TM., KT., TL., TUQ., Q. (hoặc bỏ trống khi người đứng đầu ký)",
                ),
            );
        }
    }

    let template = d
        .mau
        .as_ref()
        .map(|m| m.value.as_str())
        .unwrap_or(DEFAULT_TEMPLATE);
    if !composer.has(template) {
        let loc = d.mau.as_ref().map(|m| m.referenced);
        let msg = format!("không có mẫu `{template}` (templates/{template}.md)");
        diags.push(
            match loc {
                Some(l) => Diagnostic::at(path, l, msg),
                None => Diagnostic::file(path, msg),
            }
            .hint("dùng mẫu có sẵn `van-ban` hoặc đặt tệp mẫu vào thư mục templates/"),
        );
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let (type_name, type_abbr) = doc_type.unwrap();
    let signer = signer.unwrap();

    let md = composer.body(template, a, d).map_err(|e| {
        vec![Diagnostic::file(
            path,
            format!("lỗi khi ghép mẫu {}: {}", e.template, e.message),
        )
        .hint("kiểm tra mẫu trong templates/ (biến chưa khai báo, cú pháp Tera)")]
    })?;
    let body = markdown::parse(&md).map_err(|errs| {
        errs.into_iter()
            .map(|m| {
                Diagnostic::file(path, m).hint(
                    "mỗi [^id] trong văn bản cần một dòng `\"id\": nội dung` trong `chu_thich`",
                )
            })
            .collect::<Vec<_>>()
    })?;

    let number_ky_hieu = nd30::ky_hieu(type_abbr, &a.ky_hieu.value);
    let header = Header {
        parent_lines: a.co_quan_chu_quan.iter().map(|l| nd30::upper(l)).collect(),
        agency_lines: a.ten.iter().map(|l| nd30::upper(l)).collect(),
        number_line: nd30::number_line(d.so, &number_ky_hieu),
        date_line: nd30::date_line(&a.dia_danh, date, year.unwrap_or_default()),
        type_name: nd30::upper(type_name),
        summary: d.trich_yeu.trim().to_string(),
        kinh_gui: d.kinh_gui.clone(),
    };
    let mut entries: Vec<String> = d
        .noi_nhan
        .iter()
        .map(|n| format!("- {}", nd30::terminate(n, false)))
        .collect();
    entries.push(format!(
        "- {}",
        nd30::terminate(&format!("Lưu: {}", d.luu.trim()), true)
    ));
    let signature = Signature {
        title_lines: nd30::signature_lines(
            signer.quyen_han.as_ref().map_or("", |q| q.value.as_str()),
            &signer.chuc_vu_thu_truong,
            &signer.chuc_vu,
        ),
        name: signer.ho_ten.trim().to_string(),
    };
    let geometry = Geometry::compute(settings, fonts, &header.agency_lines, &header.summary);
    let doc = Document {
        header,
        body: body.blocks,
        footnotes: body.footnotes,
        signature,
        recipients: Recipients {
            entries,
            drafter: d.ky_hieu_nguoi_soan.clone().unwrap_or_default(),
        },
        geometry,
    };

    let missing = missing_glyphs(&doc, fonts);
    if !missing.is_empty() {
        let list: Vec<String> = missing
            .iter()
            .map(|c| format!("`{c}` (U+{:04X})", *c as u32))
            .collect();
        return Err(vec![Diagnostic::file(path, format!("phông {} không có ký tự {}", fonts.family, list.join(", ")))
            .hint("thay ký tự đó bằng ký tự thường dùng, hoặc đặt phông Times New Roman vào thư mục fonts/ của không gian làm việc")]);
    }
    Ok(doc)
}

/// Characters no face of the font set can draw.
pub fn missing_glyphs(doc: &Document, fonts: &FontSet) -> Vec<char> {
    let all: String = doc.paragraphs().join("\n");
    let mut out = fonts.missing_chars(&all, Face::Regular);
    out.retain(|c| !c.is_whitespace());
    out
}

/// "2025-03-06" or "06/3/2025".
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_forms() {
        assert_eq!(
            parse_date("2025-03-06"),
            NaiveDate::from_ymd_opt(2025, 3, 6)
        );
        assert_eq!(parse_date("06/3/2025"), NaiveDate::from_ymd_opt(2025, 3, 6));
        assert_eq!(parse_date("2025-02-30"), None);
    }
}
