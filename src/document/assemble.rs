//! Assemble: agency + document data + parent plan + composed body → the document tree, with
//! every problem collected as a diagnostic pointing into the YAML. The template context is
//! built in `context`; here: dates, signer, type, header, recipients, appendices, glyphs.

use super::context;

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::campaign::dates::parse_date;
use crate::campaign::plan::Plan;
use crate::campaign::Agency;
use crate::document::compose::{self, Composer};
use crate::document::markdown;
use crate::ground::diag::{did_you_mean, suggest, Diagnostic};
use crate::ground::fonts::{Face, FontSet};
use crate::ground::kinds::{self, Kind, Model};
use crate::ground::layout::{Geometry, Settings};
use crate::ground::nd30;
use crate::ground::tree::{Appendix, Document, Header, Recipients, Signature};
use crate::load::model::{DocFile, Signer};
use crate::load::workspace::DocSource;

/// Body template for documents whose file name names no template.
pub const DEFAULT_TEMPLATE: &str = "van-ban";
/// Drafting unit when an agency names none.
pub const DEFAULT_DRAFTING_UNIT: &str = "VP";
/// Recipients already named in "Kính gửi".
pub const AS_ABOVE: &str = "Như trên";

/// Body template of a campaign's report that has no template of its own name (a
/// "bao-cao-9-thang" the parent plan sets a deadline for).
pub const REPORT_TEMPLATE: &str = "bao-cao";

/// Which template a document uses: `mau`, else its file name if such a template exists,
/// else the report template for a report the parent plan asks for, else the default.
pub fn template_for(
    composer: &Composer,
    plan: Option<&Plan>,
    src: &DocSource,
    data: &DocFile,
) -> String {
    template_named(
        composer,
        plan,
        &src.name,
        data.mau.as_ref().map(|m| m.value.as_str()),
    )
}

/// `template_for` by the document's name and its `mau` as written: the one rule, for the
/// build and for the forms of `vanban serve` alike.
pub fn template_named(
    composer: &Composer,
    plan: Option<&Plan>,
    name: &str,
    mau: Option<&str>,
) -> String {
    match mau {
        Some(m) => m.to_string(),
        None if composer.has(name) => name.to_string(),
        None if composer.has(REPORT_TEMPLATE)
            && plan.is_some_and(|p| p.reports().iter().any(|r| r == name)) =>
        {
            REPORT_TEMPLATE.to_string()
        }
        None => DEFAULT_TEMPLATE.to_string(),
    }
}

/// One document: validate what only this document can tell, compose its body, and build
/// the tree. `plan` is `None` when the parent plan's file has errors (reported once).
#[allow(clippy::too_many_arguments)]
pub fn document(
    settings: &Settings,
    fonts: &FontSet,
    composer: &Composer,
    plan: Option<&Plan>,
    agency: &Agency,
    src: &DocSource,
    d: &DocFile,
    whole: Option<serde_json::Value>,
) -> Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let ready = prepare(composer, plan, agency, src, d, whole, &mut diags);
    let Some(ready) = ready.filter(|_| !diags.iter().any(|x| !x.warning)) else {
        return Err(diags);
    };
    let path = &src.path;
    let ctx = compose::context(&agency.info, d, &ready.extra);
    let composed = composer.compose(&ready.template, &ctx).map_err(|e| {
        vec![Diagnostic::file(
            path,
            format!("lỗi khi ghép mẫu {}: {}", e.template, e.message),
        )
        .hint("dữ liệu thiếu trường mà mẫu cần, hoặc mẫu trong templates/ sai cú pháp Tera")]
    })?;
    let kind = doc_type(path, d, composed.loai.as_deref())?;
    // H-21: giấy giới thiệu and giấy nghỉ phép have no trích yếu; one written is said, not
    // silently dropped.
    if kind.model == Model::Unsummarised && !d.trich_yeu.trim().is_empty() {
        let (line, col) = crate::load::yaml::key_place(path, "trich_yeu");
        diags.push(
            Diagnostic::new(
                path,
                line,
                col,
                format!(
                    "{} không có trích yếu, nên `trich_yeu` không được in",
                    kind.name
                ),
            )
            .hint("xóa dòng `trich_yeu`, hoặc chọn loại văn bản có trích yếu")
            .warn(),
        );
    }
    let body = markdown::parse_with(&composed.body, d.dau_ket_thuc != Some(false))
        .map_err(|errs| footnote_errors(path, errs))?;
    let doc = tree(settings, fonts, &ready, agency, d, composed, body, kind);
    glyphs(&doc, fonts, path, &agency.file)?;
    Ok((doc, diags))
}

/// What a document needs before its template runs, once every check passed.
struct Ready<'a> {
    plan: &'a Plan,
    date: Option<NaiveDate>,
    year: i32,
    signer: &'a Signer,
    template: String,
    /// The template context beyond the agency and the document.
    extra: Vec<(&'static str, serde_json::Value)>,
}

/// Every check only this document can fail, its problems pushed to `diags`; `None` when the
/// document cannot be composed (some problems may already be reported elsewhere once).
fn prepare<'a>(
    composer: &Composer,
    plan: Option<&'a Plan>,
    agency: &'a Agency,
    src: &DocSource,
    d: &DocFile,
    whole: Option<serde_json::Value>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Ready<'a>> {
    let path = &src.path;
    let (date, year) = dates(path, d, plan, diags);
    diags.extend(too_deep(path, &d.noi_dung, 1, "noi_dung"));
    for (section, nodes) in &d.muc {
        diags.extend(too_deep(path, nodes, 2, &format!("muc.{section}")));
    }
    for g in [&d.ngay_gui, &d.ngay_gui_lai].into_iter().flatten() {
        crate::campaign::dates::sent_date(path, g, date, crate::campaign::dates::today(), diags);
    }
    let signer = signer(agency, d, path).map_err(|e| diags.push(e)).ok();
    let template = template_for(composer, plan, src, d);
    if !composer.has(&template) {
        let msg = format!("không có mẫu `{template}` (templates/{template}.md)");
        diags.push(
            match &d.mau {
                Some(m) => Diagnostic::at(path, m.referenced, msg),
                None => Diagnostic::file(path, msg),
            }
            .hint("dùng mẫu có sẵn (van-ban, ke-hoach, bao-cao, bao-cao-6-thang, bao-cao-nam) hoặc đặt tệp mẫu vào thư mục templates/"),
        );
    }
    // A broken parent plan was reported once; its documents fail without repeating it.
    let plan = plan?;
    let block = agency.info.khoi.as_ref().and_then(|k| plan.block(&k.value));
    let nam = plan.nam.or(d.nam).or(date.map(|x| x.year()));
    let mut extra = context::extra(path, plan, block.as_ref(), &src.name, d, date, nam, diags);
    extra.push(("tham_quyen", authority(d, agency, signer).into()));
    if let Some(f) = &d.so_lieu {
        diags.extend(against_previous(path, plan, agency, &src.name, f));
    }
    if let Some(w) = whole {
        extra.push(("tong_hop", w));
    }
    if let Some(q) = &d.quy_dinh {
        extra.extend(regulation(path, plan, q, diags));
    }
    let mut failed_quietly = false;
    if d.cham_diem.is_some() {
        match crate::campaign::scoring::dossier::outcome_of(path, plan, agency, d, diags) {
            Some(outcome) => extra.push((
                "cham_diem",
                serde_json::to_value(outcome).expect("plain data"),
            )),
            None => failed_quietly = plan.score_sheet_broken,
        }
    }
    if let (Some(w), true) = (
        context::unused_fields(path, composer, &template, d),
        composer.has(&template),
    ) {
        diags.push(w);
    }
    diags.extend(not_expected(path, plan, agency, &src.name));
    if failed_quietly {
        return None;
    }
    Some(Ready {
        plan,
        date,
        year: year?,
        signer: signer?,
        template,
        extra,
    })
}

/// ND30 numbers three levels of an outline (mục I., khoản 1., điểm a)); an item nested
/// below that would lose its level in silence. `first_level` is the level of `nodes`
/// (a report's sections start under its own mục, at khoản).
fn too_deep(
    path: &Path,
    nodes: &[crate::load::model::Node],
    first_level: usize,
    key: &str,
) -> Option<Diagnostic> {
    fn deepest(
        nodes: &[crate::load::model::Node],
        level: usize,
    ) -> Option<(&crate::load::model::Node, usize)> {
        nodes.iter().find_map(|n| {
            if level > 3 {
                Some((n, level))
            } else {
                deepest(&n.muc, level + 1)
            }
        })
    }
    let (node, _) = deepest(nodes, first_level)?;
    let text = node
        .tieu_de
        .as_deref()
        .or_else(|| node.doan.list().first().copied())
        .or_else(|| node.y.first().map(String::as_str))
        .unwrap_or("");
    let (line, col) = match text.trim() {
        "" => crate::load::yaml::key_place(path, key.split('.').next().unwrap_or(key)),
        t => crate::load::yaml::text_place(path, t),
    };
    Some(
        Diagnostic::new(
            path,
            line,
            col,
            format!("`{key}` lồng quá ba cấp (mục, khoản, điểm): mục này ở cấp thứ tư"),
        )
        .hint("đưa nội dung này lên cấp điểm, hoặc viết thành gạch đầu dòng `y: [...]` của điểm"),
    )
}

/// Footnotes that do not match, each at its place in the YAML: the reference in the text,
/// or the unused note.
fn footnote_errors(path: &Path, errs: Vec<markdown::FootnoteError>) -> Vec<Diagnostic> {
    errs.into_iter()
        .map(|e| {
            let (line, col) = match &e {
                markdown::FootnoteError::NoText(l) => {
                    crate::load::yaml::text_place(path, &format!("[^{l}]"))
                }
                markdown::FootnoteError::Unused(l) => crate::load::yaml::key_place(path, l),
            };
            Diagnostic::new(path, line, col, e.to_string())
                .hint("mỗi [^id] trong văn bản cần một dòng `\"id\": nội dung` trong `chu_thich`")
        })
        .collect()
}

/// The document tree from the composed body: header, appendices, geometry, signature and
/// recipients.
#[allow(clippy::too_many_arguments)]
fn tree(
    settings: &Settings,
    fonts: &FontSet,
    ready: &Ready,
    agency: &Agency,
    d: &DocFile,
    composed: compose::Composed,
    mut body: markdown::Body,
    kind: &Kind,
) -> Document {
    let a = &agency.info;
    let (date, year, signer) = (ready.date, ready.year, ready.signer);
    let unit = a.don_vi_soan_thao.as_deref().unwrap_or("").trim();
    let (type_name, type_abbr) = (kind.name, kind.abbr);
    let number_ky_hieu = nd30::ky_hieu(type_abbr, a.ky_hieu(), unit);
    let summary = nd30::bind_dashes(if kind.model == Model::Unsummarised {
        ""
    } else if d.trich_yeu.trim().is_empty() {
        composed.trich_yeu.as_deref().unwrap_or_default()
    } else {
        d.trich_yeu.trim()
    });
    // A công văn (no type abbreviation) prints no type name; its trích yếu is "V/v …" under
    // the number (H-22, H-23).
    let (type_line, summary, subject_line) = if kind.has_subject_line() {
        (String::new(), String::new(), nd30::subject_line(&summary))
    } else {
        (nd30::upper(type_name), summary, String::new())
    };
    let header = Header {
        parent_lines: a.co_quan_chu_quan.iter().map(|l| nd30::upper(l)).collect(),
        agency_lines: a.ten.iter().map(|l| nd30::upper(l)).collect(),
        quoc_hieu: nd30::QUOC_HIEU.to_string(),
        tieu_ngu: nd30::TIEU_NGU.to_string(),
        number_line: nd30::number_line(d.so, &number_ky_hieu),
        // H-17: a biên bản's date and time are in its body, not in the header.
        date_line: match (date, d.thang) {
            _ if kind.model == Model::Minutes => String::new(),
            (None, Some(m)) if (1..=12).contains(&m) => nd30::month_line(&a.dia_danh, m, year),
            _ => nd30::date_line(&a.dia_danh, date, year),
        },
        type_name: type_line,
        summary,
        subject_line,
        draft: d.du_thao.as_ref().map(|m| m.text()).unwrap_or_default(),
        kinh_gui: kinh_gui(d.kinh_gui.clone().unwrap_or(composed.kinh_gui)),
    };
    let note = appendix_note(type_name, d.so, &number_ky_hieu, date, year, &a.ten_day_du);
    let mut appendices = appendices(std::mem::take(&mut body.appendices), &note);
    let geometry = Geometry::compute(settings, fonts, &header.agency_lines, &header.summary);
    fit_tables(&mut body.blocks, fonts, &geometry, geometry.text_width_mm);
    for a in &mut appendices {
        let width = if a.landscape {
            geometry.landscape_text_width_mm
        } else {
            geometry.text_width_mm
        };
        fit_tables(&mut a.body, fonts, &geometry, width);
    }
    Document {
        recipients: recipients(agency, d, &header.kinh_gui),
        signature: Signature {
            title_lines: nd30::signature_lines_for(
                signer.thay_mat.as_deref(),
                signer.quyen_han.as_ref().map_or("", |q| q.value.as_str()),
                &signer.chuc_vu_thu_truong,
                &signer.chuc_vu,
            ),
            name: signer.ho_ten.trim().to_string(),
        },
        header,
        body: body.blocks,
        footnotes: body.footnotes,
        appendices,
        geometry,
        meta_date: date
            .or_else(|| ready.plan.reference.as_ref().map(|r| r.ngay))
            .or_else(|| NaiveDate::from_ymd_opt(year, 1, 1))
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
    }
}

/// A warning when the parent plan's deadline for this document falls outside the agency's
/// life: the document is not expected of it (consolidation counts it as not due).
fn not_expected(path: &Path, plan: &Plan, agency: &Agency, name: &str) -> Option<Diagnostic> {
    let due = *plan.han.get(&crate::campaign::plan::key(name))?;
    let life = agency.lifespan;
    if life.expects(due) {
        return None;
    }
    let when = match (life.tu, life.den) {
        (Some(t), _) if due < t => format!("cơ quan hoạt động từ ngày {}", nd30::short_date(t)),
        (_, Some(d)) => format!(
            "cơ quan chấm dứt hoạt động sau ngày {}",
            nd30::short_date(d)
        ),
        _ => return None,
    };
    Some(
        Diagnostic::file(
            path,
            format!("văn bản có hạn ngày {} nhưng {when}: cơ quan không phải nộp văn bản này", nd30::short_date(due)),
        )
        .hint(format!("văn bản vẫn được tạo; xóa tệp nếu không cần, hoặc sửa `hoat_dong_tu`/`hoat_dong_den` trong {}", agency.file.display()))
        .warn(),
    )
}

/// The document's date and the year of its date line; problems pushed to `diags`.
fn dates(
    path: &Path,
    d: &DocFile,
    plan: Option<&Plan>,
    diags: &mut Vec<Diagnostic>,
) -> (Option<NaiveDate>, Option<i32>) {
    let date = d.ngay.as_ref().and_then(|s| {
        let v = parse_date(&s.value);
        if v.is_none() {
            diags.push(
                Diagnostic::at(path, s.referenced, format!("ngày `{}` không hợp lệ", s.value))
                    .hint("viết theo dạng 2025-03-06 hoặc 06/3/2025; bỏ trống (xóa dòng) nếu văn thư sẽ điền ngày"),
            );
        }
        v
    });
    if d.so == Some(0) {
        let (line, col) = crate::load::yaml::key_place(path, "so");
        diags.push(
            Diagnostic::new(path, line, col, "số văn bản `0` không hợp lệ")
                .hint("số văn bản bắt đầu từ 01; chưa cấp số thì xóa dòng `so` để văn thư điền"),
        );
    }
    if let Some(m) = d.thang {
        let (line, col) = crate::load::yaml::key_place(path, "thang");
        if !(1..=12).contains(&m) {
            diags.push(
                Diagnostic::new(path, line, col, format!("tháng `{m}` không hợp lệ"))
                    .hint("viết tháng từ 1 đến 12, ví dụ `thang: 1`"),
            );
        } else if d.ngay.is_some() {
            diags.push(
                Diagnostic::new(path, line, col, "đã có ngày ban hành nên tháng này không được dùng")
                    .hint("chỉ ghi `thang` khi để trống ngày (văn thư sẽ điền ngày); xóa một trong hai dòng")
                    .warn(),
            );
        }
    }
    let nam = d.nam.filter(|n| {
        let ok = crate::campaign::dates::YEARS.contains(n);
        if !ok {
            let (line, col) = crate::load::yaml::key_place(path, "nam");
            diags.push(
                Diagnostic::new(path, line, col, format!("năm `{n}` không hợp lệ"))
                    .hint("viết năm đủ bốn chữ số, ví dụ `nam: 2025`"),
            );
        }
        ok
    });
    let year = date.map(|x| x.year()).or(nam).or(plan.and_then(|p| p.nam));
    if year.is_none() && d.ngay.is_none() {
        diags.push(
            Diagnostic::file(path, "thiếu năm ban hành")
                .hint("thêm `ngay: YYYY-MM-DD`, hoặc `nam: 2025` nếu văn thư sẽ điền ngày tháng"),
        );
    }
    (date, year)
}

/// The signer: the document's, else the agency's default, else its first.
/// A decision's authority line (Mẫu 1.1), as written in `tham_quyen`, or the head who
/// decides and the agency: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …", "GIÁM ĐỐC SỞ Y TẾ …"; a
/// collective that decides (a TM. signer) is named alone: "ỦY BAN NHÂN DÂN TỈNH …".
fn authority(d: &DocFile, agency: &Agency, signer: Option<&Signer>) -> String {
    if let Some(t) = &d.tham_quyen {
        return nd30::upper(t);
    }
    let name = &agency.info.ten_day_du;
    let prefix = signer
        .and_then(|s| s.quyen_han.as_ref())
        .map(|q| q.value.trim().to_string());
    let head = match (signer, prefix.as_deref()) {
        (None, _) => None,
        (Some(s), _) if s.thay_mat.is_some() => None,
        (Some(_), Some("TM.")) => None,
        (Some(s), Some(p)) if !p.is_empty() => Some(s.chuc_vu_thu_truong.clone()),
        (Some(s), _) => Some(s.chuc_vu.clone()),
    };
    nd30::upper(&match head {
        Some(h) => format!("{h} {name}"),
        None => name.clone(),
    })
}

fn signer<'a>(agency: &'a Agency, d: &DocFile, path: &Path) -> Result<&'a Signer, Diagnostic> {
    let a = &agency.info;
    let signer_id = d.nguoi_ky.as_ref().or(a.nguoi_ky_mac_dinh.as_ref());
    let found = match signer_id {
        Some(id) => a.nguoi_ky.iter().find(|s| s.ma == id.value),
        None => a.nguoi_ky.first(),
    };
    if let Some(s) = found {
        return Ok(s);
    }
    let ids: Vec<&str> = a.nguoi_ky.iter().map(|s| s.ma.as_str()).collect();
    Err(match signer_id {
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
    })
}

/// The document's kind (`ground::kinds`) from `loai` or the template's `loai` block.
fn doc_type(
    path: &Path,
    d: &DocFile,
    from_template: Option<&str>,
) -> Result<&'static Kind, Vec<Diagnostic>> {
    let loai = d
        .loai
        .as_ref()
        .map(|l| (l.value.as_str(), Some(l.referenced)))
        .or(from_template.map(|l| (l, None)));
    let Some((loai, loai_at)) = loai else {
        return Err(vec![Diagnostic::file(path, "thiếu loại văn bản")
            .hint("thêm `loai: ke-hoach` (hoặc bao-cao, quyet-dinh, …)")]);
    };
    kinds::find(loai).ok_or_else(|| {
        let msg = format!("loại văn bản `{loai}` không có trong Nghị định 30");
        let diag = match loai_at {
            Some(at) => Diagnostic::at(path, at, msg),
            None => Diagnostic::file(path, msg),
        };
        vec![diag.hint(suggest(loai, kinds::KINDS.iter().map(|k| k.slug)))]
    })
}

/// Ô 9a as printed: "Kính gửi: X"; with several recipients the label alone, then one line
/// each with its dash and ";" or, last, "." (B-10).
fn kinh_gui(mut names: Vec<String>) -> Vec<String> {
    names.retain(|l| !l.trim().is_empty());
    match names.len() {
        0 => vec![],
        1 => vec![format!("Kính gửi: {}", names[0])],
        n => std::iter::once("Kính gửi:".to_string())
            .chain(
                names
                    .iter()
                    .enumerate()
                    .map(|(i, r)| format!("- {}", nd30::terminate(r, i + 1 == n))),
            )
            .collect(),
    }
}

/// Nơi nhận: the document's list, else the agency's; "Như trên" first when there is a
/// Kính gửi; "Lưu: …" last.
fn recipients(agency: &Agency, d: &DocFile, kinh_gui: &[String]) -> Recipients {
    let a = &agency.info;
    let mut names: Vec<String> = d.noi_nhan.clone().unwrap_or_else(|| a.noi_nhan.clone());
    // `noi_nhan: []` with `luu: ""`: no Nơi nhận at all (a draft, an excerpt).
    let none = d.noi_nhan.as_ref().is_some_and(Vec::is_empty)
        && d.luu.as_deref().is_some_and(|l| l.trim().is_empty());
    if none {
        return Recipients {
            entries: vec![],
            drafter: d.ky_hieu_nguoi_soan.clone().unwrap_or_default(),
        };
    }
    if !kinh_gui.is_empty()
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
    // `luu: ""` (a copy of a published document whose filing line is not known): no line.
    let filed = !luu.trim().is_empty();
    let n = names.len();
    let mut entries: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, r)| format!("- {}", nd30::terminate(r, !filed && i + 1 == n)))
        .collect();
    if filed {
        entries.push(format!(
            "- {}",
            nd30::terminate(&format!("Lưu: {}", luu.trim()), true)
        ));
    }
    Recipients {
        entries,
        drafter: d.ky_hieu_nguoi_soan.clone().unwrap_or_default(),
    }
}

/// Plausibility of a report's figures against the same agency's report due just before it
/// (by the parent plan's deadlines): warnings only.
/// The agency's document due just before `name` (by the parent plan's deadlines): what a
/// report's figures are checked against.
pub fn previous_report<'a>(plan: &Plan, agency: &'a Agency, name: &str) -> Option<&'a DocSource> {
    use crate::campaign::plan::key;
    let due = plan.han.get(&key(name))?;
    agency
        .documents
        .iter()
        .filter_map(|d| plan.han.get(&key(&d.name)).map(|when| (when, d)))
        .filter(|(when, _)| *when < due)
        .max_by_key(|(when, _)| **when)
        .map(|(_, d)| d)
}

fn against_previous(
    path: &std::path::Path,
    plan: &Plan,
    agency: &Agency,
    name: &str,
    f: &crate::load::model::Figures,
) -> Vec<Diagnostic> {
    use crate::campaign::{figures, plan::key};
    let Some(prev) = previous_report(plan, agency, name) else {
        return vec![];
    };
    let (Some(data), _) = prev.load() else {
        return vec![];
    };
    let Some(before) = data.so_lieu.as_ref() else {
        return vec![];
    };
    let (now, _) = figures::check(path, plan, f);
    let (before, _) = figures::check(&prev.path, plan, before);
    figures::plausibility(
        path,
        plan,
        &now,
        &before,
        &plan.deadline_label(&key(&prev.name)).to_lowercase(),
    )
}

/// What a decision's attached regulation needs beyond its data: its type (checked against
/// ND30's list) and, when it prints the score sheet, the sheet as published.
fn regulation(
    path: &Path,
    plan: &Plan,
    q: &crate::load::model::Regulation,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(&'static str, serde_json::Value)> {
    let kind = q.loai.as_deref().unwrap_or(kinds::QUY_DINH);
    let kind = if kinds::find(kind).is_some() {
        kind
    } else {
        let (line, col) = crate::load::yaml::path_place(path, "quy_dinh.loai");
        diags.push(
            Diagnostic::new(path, line, col, format!("không có loại văn bản `{kind}`"))
                .hint("ghi tên loại theo Nghị định 30, ví dụ quy-dinh, quy-che, huong-dan"),
        );
        kinds::QUY_DINH
    };
    let mut out = vec![("loai_kem_theo", serde_json::Value::from(kind))];
    match (&plan.score_sheet, q.bang_diem) {
        (Some(sheet), true) => {
            let name = |b: &str| plan.block(b).map_or(b.to_string(), |k| k.ten.clone());
            let view = crate::campaign::scoring::published::published(sheet, &name);
            out.push(("bang_diem", serde_json::to_value(view).expect("plain data")));
        }
        (None, true) => {
            let (line, col) = crate::load::yaml::path_place(path, "quy_dinh.bang_diem");
            diags.push(
                Diagnostic::new(
                    path,
                    line,
                    col,
                    "không có bảng điểm để in: kế hoạch cấp trên không có bang-diem.yaml",
                )
                .hint("đặt bảng điểm vào data/bang-diem.yaml, hoặc bỏ `bang_diem: true`"),
            );
        }
        _ => {}
    }
    out
}

/// Phụ lục from the body's appendix sections, numbered when there are several; a document
/// issued with the main one (a Quy định) is headed by its type name instead and not counted.
fn appendices(parts: Vec<markdown::AppendixPart>, note: &str) -> Vec<Appendix> {
    let several = parts.iter().filter(|p| p.attached.is_none()).count() > 1;
    let mut n = 0;
    parts
        .into_iter()
        .map(|part| Appendix {
            landscape: part.landscape,
            header: part.attached.is_some(),
            label: match &part.attached {
                Some(kind) => {
                    let name = kinds::find(kind).map_or("Quy định", |k| k.name);
                    nd30::upper(name)
                }
                None if several => {
                    n += 1;
                    format!("Phụ lục {}", nd30::roman(n))
                }
                None => "Phụ lục".into(),
            },
            title: part.title,
            note: note.to_string(),
            body: part.blocks,
        })
        .collect()
}

/// Every character no face can draw is an error at its first place in the document's or
/// the agency's file.
fn glyphs(
    doc: &Document,
    fonts: &FontSet,
    path: &Path,
    agency_file: &Path,
) -> Result<(), Vec<Diagnostic>> {
    let missing = missing_glyphs(doc, fonts);
    if missing.is_empty() {
        return Ok(());
    }
    Err(missing
        .iter()
        .map(|c| {
            let msg = format!("phông {} không có ký tự `{c}` (U+{:04X})", fonts.family, *c as u32);
            let place = [path, agency_file]
                .into_iter()
                .find_map(|f| crate::load::yaml::char_place(f, *c).map(|(l, col)| (f, l, col)));
            match place {
                Some((f, l, col)) => Diagnostic::new(f, l, col, msg),
                None => Diagnostic::file(path, msg),
            }
            .hint("thay ký tự đó bằng ký tự thường dùng, hoặc đặt phông Times New Roman vào thư mục fonts/ của không gian làm việc")
        })
        .collect())
}

/// Gives each table column at least the width of its longest word.
fn fit_tables(
    blocks: &mut [crate::ground::tree::Block],
    fonts: &FontSet,
    g: &Geometry,
    width_mm: f64,
) {
    use crate::ground::tree::{plain, Block};
    for b in blocks {
        let Block::Table(t) = b else { continue };
        let size = g.sizes.table;
        let mut min = vec![0.0_f64; t.columns.len()];
        // A group row spans the table: its text sets no column's width.
        let rows = std::iter::once((&t.header, true)).chain(
            t.rows
                .iter()
                .enumerate()
                .filter(|(i, _)| !t.group_rows.contains(i))
                .map(|(_, r)| (r, false)),
        );
        for (row, bold) in rows {
            for (i, cell) in row.iter().enumerate().take(min.len()) {
                let face = if bold { Face::Bold } else { Face::Regular };
                let word = fonts.longest_word_mm(&plain(cell), face, size);
                min[i] = min[i].max(word + 2.0 * crate::ground::layout::TABLE_CELL_PAD_MM + 0.5);
            }
        }
        let widths: Vec<f64> = t.columns.iter().map(|c| c.width).collect();
        let mm = crate::ground::layout::fit_columns(&widths, &min, width_mm);
        for (c, w) in t.columns.iter_mut().zip(mm) {
            c.width = (w * 100.0).round() / 100.0;
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

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
