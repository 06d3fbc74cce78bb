//! Assemble: agency + document data + composed body → the document tree, with every
//! problem collected as a diagnostic pointing into the YAML.

use chrono::{Datelike, NaiveDate};

use crate::compose::{self, Composer};
use crate::compute;
use crate::diag::{did_you_mean, Diagnostic};
use crate::doc::{Appendix, Document, Header, Recipients, Signature};
use crate::fonts::{Face, FontSet};
use crate::layout::{Geometry, Settings};
use crate::markdown;
use crate::model::DocFile;
use crate::nd30;
use crate::workspace::{Agency, DocSource};

/// Body template for documents whose file name names no template.
pub const DEFAULT_TEMPLATE: &str = "van-ban";
/// Drafting unit when an agency names none.
pub const DEFAULT_DRAFTING_UNIT: &str = "VP";
/// Recipients already named in "Kính gửi".
pub const AS_ABOVE: &str = "Như trên";

/// Which template a document uses: `mau`, else its file name if such a template exists.
pub fn template_for(composer: &Composer, src: &DocSource, data: &DocFile) -> String {
    match &data.mau {
        Some(m) => m.value.clone(),
        None if composer.has(&src.name) => src.name.clone(),
        None => DEFAULT_TEMPLATE.to_string(),
    }
}

pub fn document(
    settings: &Settings,
    fonts: &FontSet,
    composer: &Composer,
    plan: crate::workspace::ParentPlan,
    agency: &Agency,
    src: &DocSource,
    d: &DocFile,
) -> Result<Document, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let province = plan.get();
    // A document that cannot be built without an error of its own to report.
    let mut failed_quietly = false;
    let path = &src.path;
    let a = &agency.info;

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
    let year = date.map(|x| x.year()).or(d.nam).or(province.map(|p| p.nam));
    if year.is_none() && d.ngay.is_none() {
        diags.push(
            Diagnostic::file(path, "thiếu năm ban hành")
                .hint("thêm `ngay: YYYY-MM-DD`, hoặc `nam: 2025` nếu văn thư sẽ điền ngày tháng"),
        );
    }

    // Signer: the document's, else the agency's default, else its first.
    let signer_id = d.nguoi_ky.as_ref().or(a.nguoi_ky_mac_dinh.as_ref());
    let signer = match signer_id {
        Some(id) => a.nguoi_ky.iter().find(|s| s.ma == id.value),
        None => a.nguoi_ky.first(),
    };
    if signer.is_none() {
        let ids: Vec<&str> = a.nguoi_ky.iter().map(|s| s.ma.as_str()).collect();
        let diag = match signer_id {
            Some(id) => {
                let file = if d.nguoi_ky.is_some() {
                    path
                } else {
                    &agency.file
                };
                let hint = match did_you_mean(&id.value, ids.iter().copied()) {
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
                Diagnostic::at(
                    file,
                    id.referenced,
                    format!("không có người ký mã `{}`", id.value),
                )
                .hint(hint)
            }
            None => Diagnostic::file(&agency.file, "cơ quan chưa khai người ký nào")
                .hint("thêm danh sách `nguoi_ky:` với ma, chuc_vu, ho_ten"),
        };
        diags.push(diag);
    }
    let template = template_for(composer, src, d);
    if !composer.has(&template) {
        let msg = format!("không có mẫu `{template}` (templates/{template}.md)");
        diags.push(
            match &d.mau {
                Some(m) => Diagnostic::at(path, m.referenced, msg),
                None => Diagnostic::file(path, msg),
            }
            .hint("dùng mẫu có sẵn (van-ban, ke-hoach, bao-cao-6-thang, bao-cao-nam) hoặc đặt tệp mẫu vào thư mục templates/"),
        );
    }
    let needs_province = template != DEFAULT_TEMPLATE;
    if needs_province && matches!(plan, crate::workspace::ParentPlan::Broken) {
        failed_quietly = true;
    } else if needs_province && province.is_none() {
        diags.push(
            Diagnostic::file(
                path,
                format!("mẫu `{template}` cần kế hoạch của tỉnh nhưng không có data/tinh.yaml"),
            )
            .hint("tạo data/tinh.yaml (xem mẫu trong README) hoặc sửa lỗi của tệp đó"),
        );
    }

    // Figures and the report period.
    let mut extra: Vec<(&str, serde_json::Value)> = Vec::new();
    if let Some(p) = province {
        extra.push(("tinh", serde_json::to_value(p).expect("serialisable")));
        let key = src.name.replace('-', "_");
        let period = match &d.ky_so_lieu {
            Some(own) => compute::period(path, own, &mut diags),
            None => p.ky_so_lieu.get(&key).cloned(),
        };
        if let Some(period) = period {
            extra.push(("ky", serde_json::to_value(period).expect("serialisable")));
        }
    }
    if let Some(f) = &d.so_lieu {
        diags.extend(compute::check_figures(path, f));
        extra.push(("so_lieu", serde_json::to_value(f).expect("serialisable")));
        extra.push((
            "ty_le",
            serde_json::to_value(compute::rates(f)).expect("serialisable"),
        ));
    }
    if !diags.is_empty() || failed_quietly {
        return Err(diags);
    }
    let signer = signer.expect("checked");

    let ctx = compose::context(a, d, &extra);
    let composed = composer.compose(&template, &ctx).map_err(|e| {
        vec![Diagnostic::file(
            path,
            format!("lỗi khi ghép mẫu {}: {}", e.template, e.message),
        )
        .hint("dữ liệu thiếu trường mà mẫu cần, hoặc mẫu trong templates/ sai cú pháp Tera")]
    })?;

    let loai = d
        .loai
        .as_ref()
        .map(|l| (l.value.clone(), Some(l.referenced)))
        .or(composed.loai.clone().map(|l| (l, None)));
    let Some((loai, loai_at)) = loai else {
        return Err(vec![Diagnostic::file(path, "thiếu loại văn bản")
            .hint("thêm `loai: ke-hoach` (hoặc bao-cao, quyet-dinh, …)")]);
    };
    let Some((type_name, type_abbr)) = nd30::doc_type(&loai) else {
        let slugs = nd30::DOC_TYPES.iter().map(|t| t.0);
        let msg = format!("loại văn bản `{loai}` không có trong Nghị định 30");
        let diag = match loai_at {
            Some(at) => Diagnostic::at(path, at, msg),
            None => Diagnostic::file(path, msg),
        };
        return Err(vec![diag.hint(match did_you_mean(&loai, slugs) {
            Some(s) => format!("có phải ý bạn là `{s}`?"),
            None => format!(
                "chọn một trong: {}",
                nd30::DOC_TYPES
                    .iter()
                    .map(|t| t.0)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })]);
    };

    let mut body = markdown::parse(&composed.body).map_err(|errs| {
        errs.into_iter()
            .map(|m| {
                Diagnostic::file(path, m).hint(
                    "mỗi [^id] trong văn bản cần một dòng `\"id\": nội dung` trong `chu_thich`",
                )
            })
            .collect::<Vec<_>>()
    })?;

    let number_ky_hieu = nd30::ky_hieu(type_abbr, &a.ky_hieu.value);
    let summary = if d.trich_yeu.trim().is_empty() {
        composed.trich_yeu.unwrap_or_default()
    } else {
        d.trich_yeu.trim().to_string()
    };
    let mut kinh_gui = if d.kinh_gui.is_empty() {
        composed.kinh_gui
    } else {
        d.kinh_gui.clone()
    };
    if kinh_gui.len() > 1 {
        // Each line gets its ";" or "." from the renderers (B-10); drop the data's own.
        for k in &mut kinh_gui {
            *k = k
                .trim_end()
                .trim_end_matches([';', '.', ','])
                .trim_end()
                .to_string();
        }
    }
    let header = Header {
        parent_lines: a.co_quan_chu_quan.iter().map(|l| nd30::upper(l)).collect(),
        agency_lines: a.ten.iter().map(|l| nd30::upper(l)).collect(),
        number_line: nd30::number_line(d.so, &number_ky_hieu),
        date_line: nd30::date_line(&a.dia_danh, date, year.unwrap_or_default()),
        type_name: nd30::upper(type_name),
        summary,
        kinh_gui,
    };

    let mut names: Vec<String> = d.noi_nhan.clone().unwrap_or_else(|| a.noi_nhan.clone());
    if !header.kinh_gui.is_empty()
        && !names
            .iter()
            .any(|n| n.trim().trim_end_matches([';', '.']) == AS_ABOVE)
    {
        names.insert(0, AS_ABOVE.to_string());
    }
    let luu = d.luu.clone().unwrap_or_else(|| {
        format!(
            "VT, {}",
            a.don_vi_soan_thao
                .as_deref()
                .unwrap_or(DEFAULT_DRAFTING_UNIT)
        )
    });
    let mut entries: Vec<String> = names
        .iter()
        .map(|n| format!("- {}", nd30::terminate(n, false)))
        .collect();
    entries.push(format!(
        "- {}",
        nd30::terminate(&format!("Lưu: {}", luu.trim()), true)
    ));

    let signature = Signature {
        title_lines: nd30::signature_lines_for(
            signer.thay_mat.as_deref(),
            signer.quyen_han.as_ref().map_or("", |q| q.value.as_str()),
            &signer.chuc_vu_thu_truong,
            &signer.chuc_vu,
        ),
        name: signer.ho_ten.trim().to_string(),
    };

    let several = body.appendices.len() > 1;
    let note = appendix_note(
        type_name,
        d.so,
        &number_ky_hieu,
        date,
        year.unwrap_or_default(),
        &a.ten_day_du,
    );
    let appendices: Vec<Appendix> = std::mem::take(&mut body.appendices)
        .into_iter()
        .enumerate()
        .map(|(i, (title, blocks))| Appendix {
            label: if several {
                format!("Phụ lục {}", nd30::roman(i as u32 + 1))
            } else {
                "Phụ lục".into()
            },
            title,
            note: note.clone(),
            body: blocks,
        })
        .collect();

    let geometry = Geometry::compute(settings, fonts, &header.agency_lines, &header.summary);
    let mut appendices = appendices;
    for blocks in
        std::iter::once(&mut body.blocks).chain(appendices.iter_mut().map(|a| &mut a.body))
    {
        fit_tables(blocks, fonts, &geometry);
    }
    let doc = Document {
        header,
        body: body.blocks,
        footnotes: body.footnotes,
        signature,
        recipients: Recipients {
            entries,
            drafter: d.ky_hieu_nguoi_soan.clone().unwrap_or_default(),
        },
        appendices,
        geometry,
        meta_date: date
            .or_else(|| province.and_then(|p| parse_date(&p.ngay)))
            .or_else(|| NaiveDate::from_ymd_opt(year.unwrap_or_default(), 1, 1))
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
    };

    let missing = missing_glyphs(&doc, fonts);
    if !missing.is_empty() {
        // One error per character, at its first place in the document's or the agency's file.
        let errs = missing
            .iter()
            .map(|c| {
                let msg = format!("phông {} không có ký tự `{c}` (U+{:04X})", fonts.family, *c as u32);
                let place = [path.as_path(), agency.file.as_path()]
                    .into_iter()
                    .find_map(|f| find_char(f, *c).map(|(l, col)| (f, l, col)));
                match place {
                    Some((f, l, col)) => Diagnostic::new(f, l, col, msg),
                    None => Diagnostic::file(path, msg),
                }
                .hint("thay ký tự đó bằng ký tự thường dùng, hoặc đặt phông Times New Roman vào thư mục fonts/ của không gian làm việc")
            })
            .collect();
        return Err(errs);
    }
    Ok(doc)
}

/// Line and column (1-based, in characters) of the first `c` in a file.
fn find_char(file: &std::path::Path, c: char) -> Option<(u64, u64)> {
    let text = crate::yaml::read_text(file).ok()?;
    text.lines().enumerate().find_map(|(n, line)| {
        line.chars()
            .position(|x| x == c)
            .map(|col| (n as u64 + 1, col as u64 + 1))
    })
}

/// Checks an agency file once (not once per document): authority prefixes, block, name,
/// ký hiệu.
pub fn check_agency(path: &std::path::Path, a: &crate::model::AgencyFile) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if a.ten.iter().all(|l| l.trim().is_empty()) {
        diags.push(
            Diagnostic::file(path, "thiếu tên cơ quan (`ten`)")
                .hint("ghi `ten: [SỞ NỘI VỤ]`, mỗi dòng tên một phần tử"),
        );
    }
    let kh = a.ky_hieu.value.trim();
    if kh.is_empty() || kh.contains(char::is_whitespace) || kh.contains('/') {
        diags.push(
            Diagnostic::at(path, a.ky_hieu.referenced, format!("ký hiệu cơ quan `{kh}` không hợp lệ"))
                .hint("ký hiệu viết liền, không có dấu cách hay dấu `/` (Nghị định 30, ví dụ `SNV`, `UBND`)"),
        );
    }
    for q in a.nguoi_ky.iter().filter_map(|s| s.quyen_han.as_ref()) {
        if !nd30::is_authority_prefix(q.value.trim()) {
            diags.push(
                Diagnostic::at(
                    path,
                    q.referenced,
                    format!("quyền hạn ký `{}` không đúng Nghị định 30", q.value),
                )
                .hint(
                    "dùng một trong: TM., KT., TL., TUQ., Q. (hoặc bỏ trống khi người đứng đầu ký)",
                ),
            );
        }
    }
    if let Some(k) = &a.khoi {
        if !KHOI.iter().any(|(id, _)| *id == k.value) {
            let ids = KHOI.iter().map(|(id, _)| *id);
            diags.push(
                Diagnostic::at(path, k.referenced, format!("khối `{}` không có", k.value)).hint(
                    match did_you_mean(&k.value, ids) {
                        Some(s) => format!("có phải ý bạn là `{s}`?"),
                        None => format!(
                            "chọn một trong: {}",
                            KHOI.iter()
                                .map(|(id, _)| *id)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    },
                ),
            );
        }
    }

    diags
}

/// Gives each table column at least the width of its longest word.
fn fit_tables(blocks: &mut [crate::doc::Block], fonts: &FontSet, g: &Geometry) {
    use crate::doc::{plain, Block};
    for b in blocks {
        let Block::Table(t) = b else { continue };
        let size = g.sizes.table;
        let mut min = vec![0.0_f64; t.columns.len()];
        let rows = std::iter::once((&t.header, true)).chain(t.rows.iter().map(|r| (r, false)));
        for (row, bold) in rows {
            for (i, cell) in row.iter().enumerate().take(min.len()) {
                let face = if bold { Face::Bold } else { Face::Regular };
                let word = fonts.longest_word_mm(&plain(cell), face, size);
                min[i] = min[i].max(word + 2.0 * crate::layout::TABLE_CELL_PAD_MM + 0.5);
            }
        }
        let widths: Vec<f64> = t.columns.iter().map(|c| c.width).collect();
        let mm = crate::layout::fit_columns(&widths, &min, g.text_width_mm);
        for (c, w) in t.columns.iter_mut().zip(mm) {
            c.width = (w * 100.0).round() / 100.0;
        }
    }
}

/// Blocks (khối) an agency can belong to, with their names in reports.
pub const KHOI: &[(&str, &str)] = &[
    ("ubnd-tinh", "Ủy ban nhân dân tỉnh"),
    ("so-ban-nganh", "Sở, ban, ngành tỉnh"),
    ("ubnd-huyen", "Ủy ban nhân dân cấp huyện"),
    ("ubnd-xa", "Ủy ban nhân dân cấp xã"),
    ("don-vi-su-nghiep", "Đơn vị sự nghiệp công lập"),
    ("co-quan-trung-uong", "Cơ quan Trung ương đóng trên địa bàn"),
];

/// "(Kèm theo Kế hoạch số 38/KH-SNV ngày 20 tháng 3 năm 2025 của Sở Nội vụ tỉnh Tây Ninh)",
/// with blanks when the number or date is not known yet.
pub fn appendix_note(
    type_name: &str,
    so: Option<u32>,
    ky_hieu: &str,
    date: Option<NaiveDate>,
    year: i32,
    issuer: &str,
) -> String {
    let number = match so {
        Some(n) => format!("{}/{ky_hieu}", nd30::number(n)),
        None => format!("{}/{ky_hieu}", nd30::BLANK),
    };
    let when = match date {
        Some(d) => {
            let (day, month) = nd30::day_month(d);
            format!("ngày {day} tháng {month} năm {}", d.year())
        }
        None => format!("ngày{b}tháng{b}năm {year}", b = nd30::BLANK),
    };
    format!("(Kèm theo {type_name} số {number} {when} của {issuer})")
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

    #[test]
    fn appendix_notes() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 20);
        assert_eq!(
            appendix_note(
                "Kế hoạch",
                Some(38),
                "KH-SNV",
                d,
                2025,
                "Sở Nội vụ tỉnh Tây Ninh"
            ),
            "(Kèm theo Kế hoạch số 38/KH-SNV ngày 20 tháng 3 năm 2025 của Sở Nội vụ tỉnh Tây Ninh)"
        );
        assert_eq!(
            appendix_note("Kế hoạch", None, "KH-SNV", None, 2025, "Sở Nội vụ"),
            "(Kèm theo Kế hoạch số       /KH-SNV ngày      tháng      năm 2025 của Sở Nội vụ)"
        );
    }
}
