//! Finds and loads a workspace: `vanban.yaml`, `data/**/co-quan.yaml` with the document
//! files beside it, `templates/` and `fonts/` overrides. Every file that fails to load
//! becomes a diagnostic; the agencies that did load are still returned.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use unicode_normalization::UnicodeNormalization;

use crate::compute::Province;
use crate::diag::{did_you_mean, Diagnostic};
use crate::layout::Settings;
use crate::model::{AgencyFile, DocFile, ProvinceFile, WorkspaceFile};

/// The agency identity file inside each agency folder.
pub const AGENCY_FILE: &str = "co-quan.yaml";
pub const WORKSPACE_FILE: &str = "vanban.yaml";
/// The province's plan, under `data/`.
pub const PROVINCE_FILE: &str = "tinh.yaml";

#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub settings: Settings,
    /// The province plan from `data/tinh.yaml`, when present and valid.
    pub province: Option<Province>,
    /// Agencies that loaded, sorted by id.
    pub agencies: Vec<Agency>,
}

#[derive(Debug)]
pub struct Agency {
    /// Folder name: "ubnd-tinh".
    pub id: String,
    pub file: PathBuf,
    pub info: AgencyFile,
    pub documents: Vec<DocSource>,
}

/// A document file found in an agency folder. Its data is read when the document is built,
/// not at load time, so memory does not grow with the number of agencies.
#[derive(Debug)]
pub struct DocSource {
    /// File stem: "ke-hoach"; also the output file name.
    pub name: String,
    pub path: PathBuf,
}

impl DocSource {
    /// Reads and parses the document's YAML file.
    pub fn load(&self) -> Result<DocFile, Diagnostic> {
        parse::<DocFile>(&self.path)
    }
}

impl Workspace {
    pub fn templates_dir(&self) -> PathBuf {
        self.root.join("templates")
    }
    pub fn fonts_dir(&self) -> PathBuf {
        self.root.join("fonts")
    }
    pub fn output_dir(&self) -> PathBuf {
        self.root.join("output")
    }
}

/// Loads the workspace at `root`, collecting every problem.
pub fn load(root: &Path) -> (Workspace, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let ws_file = root.join(WORKSPACE_FILE);
    let settings = if ws_file.is_file() {
        match parse::<WorkspaceFile>(&ws_file) {
            Ok(w) => {
                for (field, msg) in w.trinh_bay.problems() {
                    diags.push(
                        Diagnostic::file(&ws_file, format!("{field}: {msg}"))
                            .hint("sửa giá trị trong vanban.yaml cho nằm trong khoảng cho phép"),
                    );
                }
                w.trinh_bay
            }
            Err(d) => {
                diags.push(d);
                Settings::default()
            }
        }
    } else {
        Settings::default()
    };

    let data = root.join("data");
    let province_path = data.join(PROVINCE_FILE);
    let province = if province_path.is_file() {
        match parse::<ProvinceFile>(&province_path)
            .map_err(|d| vec![d])
            .and_then(|f| Province::from_file(&province_path, &f))
        {
            Ok(p) => Some(p),
            Err(ds) => {
                diags.extend(ds);
                None
            }
        }
    } else {
        None
    };
    let mut agencies = Vec::new();
    if !data.is_dir() {
        diags.push(
            Diagnostic::file(root, "không tìm thấy thư mục data/ của không gian làm việc")
                .hint("chạy lệnh trong thư mục có data/ hoặc chỉ rõ bằng --workspace THƯ_MỤC"),
        );
    }
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    let walker = walkdir::WalkDir::new(&data).sort_by_file_name().into_iter();
    for entry in walker.filter_map(|e| e.ok()) {
        if entry.file_name() != AGENCY_FILE {
            continue;
        }
        let file = entry.path().to_path_buf();
        let dir = file.parent().unwrap_or(&data).to_path_buf();
        let id = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        if let Some(first) = seen.get(&id) {
            diags.push(
                Diagnostic::file(
                    &file,
                    format!("mã cơ quan \"{id}\" trùng với {}", first.display()),
                )
                .hint("mỗi cơ quan một thư mục có tên riêng; đổi tên một trong hai thư mục"),
            );
            continue;
        }
        seen.insert(id.clone(), file.clone());
        let info = match parse::<AgencyFile>(&file) {
            Ok(info) => info,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let problems = crate::assemble::check_agency(&file, &info);
        if !problems.is_empty() {
            diags.extend(problems);
            continue;
        }
        let mut documents = Vec::new();
        for doc_path in document_files(&dir) {
            let name = doc_path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_string();
            documents.push(DocSource {
                name,
                path: doc_path,
            });
        }
        agencies.push(Agency {
            id,
            file,
            info,
            documents,
        });
    }
    (
        Workspace {
            root: root.to_path_buf(),
            settings,
            province,
            agencies,
        },
        diags,
    )
}

/// The `.yaml` files of an agency folder other than its identity file.
fn document_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|e| e == "yaml" || e == "yml")
                && p.file_name().is_some_and(|n| n != AGENCY_FILE)
        })
        .collect();
    out.sort();
    out
}

/// Reads a YAML file (NFC-normalised) into `T`, or one Vietnamese diagnostic.
pub fn parse<T: DeserializeOwned>(path: &Path) -> Result<T, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::file(path, format!("không đọc được tệp: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Diagnostic::file(
            path,
            format!(
                "tệp không phải UTF-8 (byte lỗi ở vị trí {})",
                e.utf8_error().valid_up_to()
            ),
        )
        .hint("lưu lại tệp với bảng mã UTF-8")
    })?;
    let text: String = text.nfc().collect();
    parse_str(path, &text)
}

/// Parses YAML text; `path` only names the source in diagnostics.
pub fn parse_str<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(text).map_err(|e| translate(path, &e))
}

/// Turns a serde-saphyr error into a Vietnamese diagnostic.
fn translate(path: &Path, e: &serde_saphyr::Error) -> Diagnostic {
    let (line, col) = e
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((0, 0));
    let raw = match e {
        serde_saphyr::Error::Message { msg, .. } => msg.clone(),
        other => other.to_string().lines().next().unwrap_or("").to_string(),
    };
    // Drop the library's own "error: line N column M: " prefix; we print the place ourselves.
    let raw = match raw.strip_prefix("error: ") {
        Some(r) => r
            .split_once(": ")
            .filter(|(p, _)| p.starts_with("line "))
            .map_or(r, |(_, m)| m)
            .to_string(),
        None => raw,
    };
    let d = |msg: String| Diagnostic::new(path, line, col, msg);
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or("");
        let list = rest.split_once("expected ").map_or("", |(_, l)| l);
        let list = list.strip_prefix("one of ").unwrap_or(list);
        let expected: Vec<&str> = list
            .split(", ")
            .map(|k| k.trim().trim_matches('`'))
            .filter(|k| !k.is_empty() && *k != "nothing")
            .collect();
        let mut hint = String::new();
        if let Some(s) = did_you_mean(field, expected.iter().copied()) {
            hint.push_str(&format!("có phải ý bạn là `{s}`? "));
        }
        if !expected.is_empty() {
            hint.push_str(&format!("các khóa hợp lệ: {}", expected.join(", ")));
        }
        return d(format!("khóa `{field}` không hợp lệ ở đây")).hint(hint.trim().to_string());
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or("");
        return d(format!("thiếu khóa bắt buộc `{field}`")).hint(format!(
            "thêm dòng `{field}: …` vào tệp (xem mẫu trong data/ubnd-tinh/)"
        ));
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        return d(format!(
            "sai kiểu dữ liệu: có {}, cần {}",
            vi_type(got),
            vi_type(want)
        ))
        .hint(
            "kiểm tra lại giá trị ở vị trí này (chuỗi có dấu `:` hoặc `#` nên đặt trong ngoặc kép)",
        );
    }
    if let Some(rest) = raw.strip_prefix("invalid value: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        return d(format!(
            "giá trị không hợp lệ: {}, cần {}",
            vi_type(got),
            vi_type(want)
        ));
    }
    if let Some(ty) = raw.strip_prefix("invalid ").filter(|t| {
        matches!(
            *t,
            "u8" | "u16" | "u32" | "u64" | "i32" | "i64" | "f64" | "bool"
        )
    }) {
        let want = if ty == "bool" {
            "đúng/sai (true/false)"
        } else if ty == "f64" {
            "một số"
        } else {
            "số nguyên không âm"
        };
        return d(format!("sai kiểu dữ liệu: cần {want}"))
            .hint("viết số bằng chữ số, không có dấu chấm phân cách hàng nghìn (ví dụ 1073)");
    }
    if raw.starts_with("unexpected end of input") {
        return d("tệp rỗng hoặc thiếu nội dung".to_string())
            .hint("ghi các khóa theo mẫu, ví dụ xem data/so-noi-vu/");
    }
    if raw.starts_with("expected mapping start") {
        return d("cần các cặp `khóa: giá trị` ở đây".to_string())
            .hint("mỗi dòng dạng `ten_khoa: giá trị`; danh sách `- …` chỉ đặt dưới một khóa");
    }
    if raw.contains("untagged enum Paragraphs") {
        return d("`doan` phải là một đoạn văn hoặc danh sách đoạn văn".to_string())
            .hint("viết `doan: Nội dung…` hoặc `doan:` rồi mỗi đoạn một dòng `- …`");
    }
    d(format!("lỗi cú pháp YAML: {raw}"))
        .hint("kiểm tra thụt lề (dùng dấu cách, không dùng tab) và dấu `:` sau mỗi khóa")
}

fn vi_type(s: &str) -> String {
    let s = s.trim();
    match s {
        "a string" | "string" => "chuỗi văn bản".into(),
        "a sequence" | "sequence" => "danh sách (các dòng `- …`)".into(),
        "a map" | "map" => "bảng khóa: giá trị".into(),
        "u32" | "i32" | "an integer" | "integer" => "số nguyên".into(),
        "a boolean" | "boolean" => "đúng/sai".into(),
        "unit value" | "null" => "giá trị rỗng".into(),
        _ if s.starts_with("struct ") => "bảng khóa: giá trị".into(),
        _ if s.starts_with("string ") => format!("chuỗi {}", &s[7..]),
        _ if s.starts_with("integer ") => format!("số {}", &s[8..]),
        _ => s.to_string(),
    }
}
