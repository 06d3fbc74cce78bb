//! Cli: the `vanban` command line (arguments, Vietnamese help and errors, exit codes) and its
//! printouts. Top of the stack: uses `build`, `province`, `campaign` and below.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::build::{self, Options};
use crate::render::Format;

mod status;
mod watch;

#[derive(Parser)]
#[command(
    name = "vanban",
    version,
    about = "Tạo văn bản hành chính (DOCX, PDF) đúng thể thức Nghị định 30/2020/NĐ-CP từ dữ liệu YAML",
    long_about = None,
    after_help = "Ví dụ:\n  vanban build                      tạo mọi văn bản trong thư mục hiện tại\n  vanban build -a so-tu-phap        chỉ văn bản của Sở Tư pháp\n  vanban build -d bao-cao-nam -f pdf báo cáo năm của mọi cơ quan, chỉ PDF\n  vanban check                      kiểm tra dữ liệu, không ghi tệp\n  vanban status --csv gui.csv       tình hình gửi văn bản của các cơ quan, ghi thêm CSV\n  vanban help build                 hướng dẫn của lệnh build\n\nMã thoát: 0 thành công, 1 dữ liệu có lỗi, 2 không chạy được (thiếu thư mục, lỗi ghi tệp, sai lệnh)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// In hướng dẫn (của một lệnh: vanban help build)
    Help {
        /// Lệnh cần xem hướng dẫn
        #[arg(value_name = "LỆNH")]
        lenh: Option<String>,
    },
    /// Tạo mọi văn bản của không gian làm việc vào output/<mã cơ quan>/<văn bản>.docx|pdf
    Build {
        #[command(flatten)]
        chon: Selection,
        /// Chỉ tạo định dạng này (lặp lại để chọn nhiều)
        #[arg(long, short = 'f', value_enum, value_name = "docx|pdf")]
        format: Vec<Format>,
        /// Tạo lại mọi văn bản, kể cả văn bản không có gì thay đổi (hoặc --force)
        #[arg(long = "tat-ca", alias = "force")]
        tat_ca: bool,
        /// Theo dõi: tạo lại mỗi khi lưu tệp trong data/, templates/, fonts/ hay vanban.yaml (Ctrl-C để dừng; hoặc --watch)
        #[arg(long = "theo-doi", alias = "watch")]
        theo_doi: bool,
    },
    /// Tình hình gửi văn bản theo từng hạn của kế hoạch cấp trên: đúng hạn, trễ, chưa gửi
    Status {
        /// Thư mục không gian làm việc (mặc định: thư mục hiện tại)
        #[arg(long, short = 'w', value_name = "THƯ_MỤC", default_value = ".")]
        workspace: PathBuf,
        /// Ghi thêm bảng ra tệp CSV (mở được bằng Excel)
        #[arg(long, value_name = "TỆP")]
        csv: Option<PathBuf>,
        /// In thêm số liệu tổng hợp của loại báo cáo này (ví dụ bao-cao-nam): cộng theo khối và toàn bộ
        #[arg(long, value_name = "BÁO_CÁO")]
        so_lieu: Option<String>,
        /// Ghi bảng tính Excel: tình hình gửi, số liệu từng cơ quan (của --so-lieu, mặc định bao-cao-nam), xếp loại
        #[arg(long, value_name = "TỆP")]
        xlsx: Option<PathBuf>,
    },
    /// Kiểm tra dữ liệu và mẫu của mọi văn bản, không ghi tệp nào
    Check {
        #[command(flatten)]
        chon: Selection,
    },
    /// Chạy trang web để các cơ quan nhập, xem trước và gửi văn bản qua trình duyệt
    Serve {
        /// Thư mục không gian làm việc (mặc định: thư mục hiện tại)
        #[arg(long, short = 'w', value_name = "THƯ_MỤC", default_value = ".")]
        workspace: PathBuf,
        /// Địa chỉ và cổng lắng nghe (mặc định 127.0.0.1:8080; 0.0.0.0:8080 để mở cho mạng nội bộ)
        #[arg(long, value_name = "ĐỊA_CHỈ", default_value = "127.0.0.1:8080")]
        dia_chi: String,
        /// Chỉ gửi cookie qua HTTPS (khi chạy sau reverse proxy có TLS)
        #[arg(long)]
        https: bool,
        /// Địa chỉ trang web mà các cơ quan mở, dùng cho liên kết cấp trên trang web (mặc định: http(s)://ĐỊA_CHỈ)
        #[arg(long, value_name = "URL")]
        goc: Option<String>,
        /// Phiên làm việc không dùng quá số phút này thì kết thúc (mặc định 480 = 8 giờ)
        #[arg(long, value_name = "PHÚT", default_value_t = 480, value_parser = clap::value_parser!(u64).range(1..=10_080))]
        het_phien: u64,
        /// Số giây chờ một trình duyệt gửi xong yêu cầu; quá thì đóng kết nối (mặc định 30)
        #[arg(long, value_name = "GIÂY", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
        cho: u64,
        /// Số bản cũ giữ lại của mỗi văn bản (bản nháp trước mỗi lần lưu; mọi bản đã gửi luôn được giữ riêng). Mặc định 50
        #[arg(long, value_name = "SỐ", default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..=100_000))]
        giu_ban_cu: u64,
    },
    /// Tiến trình phụ của `vanban build` (dùng nội bộ)
    #[command(name = "__tro-giup", hide = true)]
    TroGiup {
        #[arg(long, short = 'w', default_value = ".")]
        workspace: PathBuf,
    },
    /// Cấp (hoặc thu hồi) liên kết riêng của từng cơ quan và của cơ quan tổng hợp cho `vanban serve`
    LienKet {
        /// Thư mục không gian làm việc (mặc định: thư mục hiện tại)
        #[arg(long, short = 'w', value_name = "THƯ_MỤC", default_value = ".")]
        workspace: PathBuf,
        /// Chỉ cơ quan này (mã thư mục trong data/; tong-hop: cơ quan tổng hợp; tong-hop-xem: người chỉ xem của cơ quan tổng hợp; lặp lại để chọn nhiều; mặc định: mọi cơ quan và tong-hop)
        #[arg(long, short = 'a', value_name = "MÃ_CƠ_QUAN")]
        agency: Vec<String>,
        /// Thu hồi liên kết thay vì cấp mới
        #[arg(long)]
        thu_hoi: bool,
        /// Địa chỉ trang web mà các cơ quan mở (mặc định http://127.0.0.1:8080)
        #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8080")]
        goc: String,
    },
    /// Soạn công văn đôn đốc các cơ quan chưa gửi một văn bản (theo tình hình gửi hôm nay), rồi tạo DOCX và PDF
    DonDoc {
        /// Thư mục không gian làm việc (mặc định: thư mục hiện tại)
        #[arg(long, short = 'w', value_name = "THƯ_MỤC", default_value = ".")]
        workspace: PathBuf,
        /// Văn bản cần đôn đốc (tên theo hạn của kế hoạch cấp trên, ví dụ bao-cao-nam)
        #[arg(long, short = 'd', value_name = "VĂN_BẢN")]
        document: String,
        /// Cơ quan ban hành công văn (mặc định: cơ quan nhận báo cáo, ví dụ so-noi-vu)
        #[arg(long, short = 'a', value_name = "MÃ_CƠ_QUAN")]
        agency: Option<String>,
        /// Ghi đè công văn đã soạn trước (mặc định: không ghi đè bản người dùng có thể đã sửa)
        #[arg(long = "ghi-de")]
        overwrite: bool,
    },
}

/// What `build` and `check` work on: the workspace, and which documents of it.
#[derive(clap::Args)]
struct Selection {
    /// Thư mục không gian làm việc (mặc định: thư mục hiện tại)
    #[arg(long, short = 'w', value_name = "THƯ_MỤC", default_value = ".")]
    workspace: PathBuf,
    /// Chỉ văn bản của cơ quan này (tên thư mục trong data/; lặp lại để chọn nhiều)
    #[arg(long, short = 'a', value_name = "MÃ_CƠ_QUAN")]
    agency: Vec<String>,
    /// Chỉ loại văn bản này (tên tệp không có .yaml, ví dụ ke-hoach, bao-cao-6-thang, bao-cao-nam)
    #[arg(long, short = 'd', value_name = "VĂN_BẢN")]
    document: Vec<String>,
    /// Số luồng làm việc song song (mặc định: bằng số nhân CPU)
    #[arg(long, short = 'j', value_name = "SỐ", default_value_t = 0)]
    jobs: usize,
}

impl Selection {
    /// Build options for these documents in `formats` (none: check only).
    fn options(self, formats: Vec<Format>) -> (PathBuf, Options) {
        let jobs = capped_jobs(self.jobs);
        init_pool(jobs);
        let opts = Options {
            formats,
            agencies: self.agency,
            documents: self.document,
            jobs,
            force: false,
            // Workers beyond the first are helper processes of this same program.
            helper: std::env::current_exe().ok(),
        };
        (self.workspace, opts)
    }
}

/// Clap's help in Vietnamese: headings, and the help and version flags.
fn localised() -> clap::Command {
    const TEMPLATE: &str = "{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}";
    fn vi(cmd: clap::Command) -> clap::Command {
        let usage = match cmd.get_name() {
            "vanban" => "vanban <LỆNH>".to_string(),
            name => format!("vanban {name} [TÙY CHỌN]"),
        };
        cmd.help_template(TEMPLATE)
            .override_usage(usage)
            .mut_args(|a| {
                a.help_heading("Tùy chọn")
                    .hide_default_value(true)
                    .hide_possible_values(true)
            })
            .disable_help_flag(true)
            .next_help_heading("Tùy chọn")
            .subcommand_help_heading("Lệnh")
            .subcommand_value_name("LỆNH")
            .arg(
                Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(ArgAction::Help)
                    .help("In hướng dẫn này"),
            )
    }
    let mut cmd = vi(Cli::command())
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("In phiên bản"),
        );
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for n in names {
        cmd = cmd.mut_subcommand(n, vi);
    }
    cmd
}

/// Exit codes (README): 0 everything built, 1 problems in the data, 2 could not run.
pub(crate) const EXIT_DATA: u8 = 1;
pub(crate) const EXIT_RUN: u8 = 2;

pub fn main() -> ExitCode {
    let matches = match localised().try_get_matches() {
        Ok(m) => m,
        Err(e) => return usage_error(&e),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => return usage_error(&e),
    };
    match cli.command {
        Command::Help { lenh } => help(lenh.as_deref()),
        Command::Status {
            workspace,
            csv,
            so_lieu,
            xlsx,
        } => status::run(
            &workspace,
            csv.as_deref(),
            so_lieu.as_deref(),
            xlsx.as_deref(),
        ),
        Command::Check { chon } => check(chon),
        Command::Build {
            chon,
            format,
            tat_ca,
            theo_doi,
        } => build(chon, format, tat_ca, theo_doi),
        Command::Serve {
            workspace,
            dia_chi,
            https,
            goc,
            het_phien,
            cho,
            giu_ban_cu,
        } => {
            let scheme = if https { "https" } else { "http" };
            let options = crate::serve::Options {
                secure_cookie: https,
                idle: std::time::Duration::from_secs(het_phien * 60),
                origin: goc.unwrap_or_else(|| {
                    format!("{scheme}://{}", dia_chi.replace("0.0.0.0", "127.0.0.1"))
                }),
                wait: std::time::Duration::from_secs(cho),
                keep_versions: giu_ban_cu as usize,
            };
            crate::serve::run(&workspace, &dia_chi, options)
        }
        Command::TroGiup { workspace } => build::serve_helper(&workspace),
        Command::LienKet {
            workspace,
            agency,
            thu_hoi,
            goc,
        } => links(&workspace, agency, thu_hoi, &goc),
        Command::DonDoc {
            workspace,
            document,
            agency,
            overwrite,
        } => reminder(&workspace, &document, agency.as_deref(), overwrite),
    }
}

/// `vanban don-doc`: writes the reminder's YAML in the reporting body's folder, then builds it.
fn reminder(root: &Path, document: &str, body: Option<&str>, overwrite: bool) -> ExitCode {
    use crate::province::reminder::{self, NoReminder};
    let (ws, diags) = crate::campaign::open(root);
    let Some(plan) = ws.plan.as_ref() else {
        for d in diags.iter().filter(|d| !d.warning) {
            eprintln!("{d}");
        }
        eprintln!("lỗi: chưa có kế hoạch cấp trên hợp lệ nên không biết hạn gửi\n  gợi ý: chạy `vanban check` để xem lỗi");
        return ExitCode::from(EXIT_DATA);
    };
    let today = crate::campaign::dates::today();
    let r = match reminder::draft(&ws, plan, document, body, today) {
        Ok(r) => r,
        Err(NoReminder::UnknownDeadline(known)) => {
            eprintln!(
                "lỗi: kế hoạch cấp trên không có hạn gửi `{document}`\n  gợi ý: chọn một trong: {}",
                known.join(", ")
            );
            return ExitCode::from(EXIT_RUN);
        }
        Err(NoReminder::NobodyMissing) => {
            println!("Mọi cơ quan phải gửi `{document}` đều đã gửi: không cần đôn đốc.");
            return ExitCode::SUCCESS;
        }
        Err(NoReminder::NoReportingBody) => {
            eprintln!("lỗi: không tìm được cơ quan ban hành công văn\n  gợi ý: ghi rõ bằng `-a <mã cơ quan>` (ví dụ -a so-noi-vu)");
            return ExitCode::from(EXIT_RUN);
        }
    };
    let path = root
        .join("data")
        .join(&r.agency)
        .join(format!("{}.yaml", r.document));
    if path.exists() && !overwrite {
        eprintln!(
            "lỗi: {} đã có (có thể đã được sửa)\n  gợi ý: tạo lại bằng `vanban build -a {} -d {}`, hoặc soạn lại từ đầu với --ghi-de",
            path.display(),
            r.agency,
            r.document
        );
        return ExitCode::from(EXIT_RUN);
    }
    if let Err(e) = crate::ground::files::write_atomic(&path, r.yaml.as_bytes()) {
        eprintln!("lỗi: {}: {}", path.display(), crate::load::yaml::io_vi(&e));
        return ExitCode::from(EXIT_RUN);
    }
    println!(
        "Đã soạn {} (đôn đốc {} cơ quan: {}).",
        path.display(),
        r.agencies.len(),
        r.agencies.join("; ")
    );
    let opts = Options {
        formats: vec![Format::Docx, Format::Pdf],
        agencies: vec![r.agency.clone()],
        documents: vec![r.document.clone()],
        ..Default::default()
    };
    build_once(root, &opts)
}

/// `vanban lien-ket`: issues or revokes links and prints each new one once.
fn links(root: &std::path::Path, mut ids: Vec<String>, revoke: bool, base: &str) -> ExitCode {
    use crate::serve::access;
    let (ws, _) = crate::campaign::open(root);
    if !root.join("data").is_dir() {
        eprintln!("{}", crate::load::workspace::no_data_folder(root));
        return ExitCode::from(EXIT_RUN);
    }
    let known: Vec<&str> = ws.agencies.iter().map(|a| a.id.as_str()).collect();
    if ids.is_empty() {
        ids = known.iter().map(|s| s.to_string()).collect();
        ids.push(access::DESK.to_string());
    }
    let unknown: Vec<&String> = ids
        .iter()
        .filter(|i| *i != access::DESK && *i != access::VIEWER && !known.contains(&i.as_str()))
        .collect();
    if !unknown.is_empty() {
        for u in unknown {
            eprintln!("lỗi: không có cơ quan `{u}` trong data/");
        }
        eprintln!("gợi ý: dùng tên thư mục của cơ quan trong data/, `tong-hop` cho cơ quan tổng hợp, `tong-hop-xem` cho người chỉ xem của cơ quan tổng hợp");
        return ExitCode::from(EXIT_DATA);
    }
    let today = crate::campaign::dates::today()
        .format("%Y-%m-%d")
        .to_string();
    match access::issue(root, &ids, revoke, &today) {
        Ok(issued) if revoke => {
            println!("Đã thu hồi {} liên kết: {}", ids.len(), ids.join(", "));
            debug_assert!(issued.is_empty());
            ExitCode::SUCCESS
        }
        Ok(issued) => {
            let base = base.trim_end_matches('/');
            println!("# Liên kết riêng (chỉ hiện một lần; máy chủ chỉ lưu mã băm). Gửi mỗi cơ quan liên kết của mình.");
            for (id, secret) in issued {
                println!("{id}\t{}", access::link_url(base, &secret));
            }
            ExitCode::SUCCESS
        }
        Err(m) => {
            eprintln!("lỗi: {m}");
            ExitCode::from(EXIT_RUN)
        }
    }
}

/// `vanban help [LỆNH]`.
fn help(command: Option<&str>) -> ExitCode {
    let mut cmd = localised();
    let Some(name) = command else {
        let _ = cmd.print_help();
        return ExitCode::SUCCESS;
    };
    match cmd.find_subcommand_mut(name) {
        Some(sub) => {
            let _ = sub.print_help();
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("lỗi: không có lệnh `{name}`\n  gợi ý: các lệnh: build, check, status, help");
            ExitCode::from(EXIT_RUN)
        }
    }
}

/// `vanban check`: every step of a build but layout, no file written.
fn check(chon: Selection) -> ExitCode {
    let (workspace, opts) = chon.options(vec![]);
    let outcome = build::run(&workspace, &opts, &|_: &Path| {});
    let summary = format!(
        "Kiểm tra: {} văn bản, {} lỗi, {} ms.",
        outcome.documents,
        outcome.errors.len(),
        outcome.elapsed.as_millis()
    );
    report(&outcome, &summary)
}

/// `vanban build`: a progress bar on a terminal, one line per file written otherwise.
fn build(chon: Selection, format: Vec<Format>, force: bool, watch: bool) -> ExitCode {
    let mut formats = if format.is_empty() {
        vec![Format::Docx, Format::Pdf]
    } else {
        format
    };
    formats.sort();
    formats.dedup();
    let (workspace, mut opts) = chon.options(formats);
    opts.force = force;
    if watch {
        return watch::run(&workspace, opts);
    }
    build_once(&workspace, &opts)
}

/// One build with its progress, summary and diagnostics; the exit code.
pub(crate) fn build_once(workspace: &Path, opts: &Options) -> ExitCode {
    let opts = opts.clone();
    let workspace = workspace.to_path_buf();
    let outcome = if std::io::stderr().is_terminal() {
        let bar = Bar::new();
        let o = build::run(&workspace, &opts, &bar);
        bar.0.finish_and_clear();
        o
    } else {
        build::run(&workspace, &opts, &|p: &Path| {
            println!("đã ghi {}", p.display())
        })
    };
    let reused = if outcome.reused > 0 {
        format!(" ({} không đổi, dùng lại)", outcome.reused)
    } else {
        String::new()
    };
    let mut summary = format!(
        "Tổng kết: {} văn bản{reused}, {} tệp đã ghi, {} lỗi, {} ms",
        outcome.documents,
        outcome.written.len(),
        outcome.errors.len(),
        outcome.elapsed.as_millis()
    );
    if let Some(mb) = build::peak_memory_mb() {
        // With helper processes: the sum of every process's peak, an upper bound of the
        // memory the build held at once.
        summary.push_str(&format!(
            ", bộ nhớ tối đa {} MB",
            mb + outcome.helper_peak_mb
        ));
        if outcome.helpers > 0 {
            summary.push_str(&format!(" ({} tiến trình)", outcome.helpers + 1));
        }
    }
    summary.push('.');
    report(&outcome, &summary)
}

/// `-j` above `build::MAX_JOBS_PER_CORE` threads per core buys nothing but memory (each
/// worker holds a document and a 16 MiB stack): capped, with a word to the user.
fn capped_jobs(jobs: usize) -> usize {
    let cores = build::worker_count(0);
    let max = cores * build::MAX_JOBS_PER_CORE;
    if jobs > max {
        eprintln!(
            "cảnh báo: -j {jobs} quá nhiều luồng cho máy {cores} nhân: dùng {max} luồng\n  gợi ý: bỏ -j để dùng một luồng mỗi nhân"
        );
        max
    } else {
        jobs
    }
}

/// `-j N` also bounds typst's own helper pool, so one thread really means one core's work.
fn init_pool(jobs: usize) {
    if jobs > 0 {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build_global();
    }
}

/// Prints every diagnostic, the summary, the failed documents and the old files removed;
/// the exit code says whether anything went wrong (0, 1 data, 2 could not run).
fn report(outcome: &build::Outcome, summary: &str) -> ExitCode {
    for w in &outcome.warnings {
        eprintln!("{w}");
    }
    for e in &outcome.errors {
        eprintln!("{e}");
    }
    eprintln!("{summary}");
    if !outcome.warnings.is_empty() {
        eprintln!("Cảnh báo: {}.", outcome.warnings.len());
    }
    if !outcome.failed.is_empty() {
        eprintln!(
            "Văn bản chưa tạo được ({}): {}",
            outcome.failed.len(),
            outcome.failed.join(", ")
        );
    }
    if !outcome.removed.is_empty() {
        let list: Vec<String> = outcome
            .removed
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        eprintln!(
            "Đã xóa {} tệp cũ (của văn bản lỗi, không còn dữ liệu, hoặc tệp tạm): {}",
            list.len(),
            list.join(", ")
        );
    }
    if outcome.fatal {
        ExitCode::from(EXIT_RUN)
    } else if outcome.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_DATA)
    }
}

/// Clap's parse errors, in Vietnamese; help and version go to standard output as usual.
fn usage_error(e: &clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |k: ContextKind| -> Vec<String> {
        match e.get(k) {
            Some(ContextValue::String(s)) => vec![s.clone()],
            Some(ContextValue::Strings(v)) => v.clone(),
            Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
            Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect(),
            _ => vec![],
        }
    };
    let first = |k: ContextKind| get(k).into_iter().next().unwrap_or_default();
    let (msg, hint) = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            let _ = localised().print_help();
            return ExitCode::from(EXIT_RUN);
        }
        ErrorKind::InvalidSubcommand => {
            let sub = first(ContextKind::InvalidSubcommand);
            let hint = match get(ContextKind::SuggestedSubcommand).first() {
                Some(s) => {
                    format!("có phải ý bạn là `vanban {s}`? Các lệnh: build, check, status, serve, lien-ket, help")
                }
                None => "các lệnh: build, check, status, serve, lien-ket, help (xem `vanban help`)"
                    .to_string(),
            };
            (format!("không có lệnh `{sub}`"), hint)
        }
        ErrorKind::UnknownArgument => {
            let arg = first(ContextKind::InvalidArg);
            let hint = match get(ContextKind::SuggestedArg).first() {
                Some(s) => format!("có phải ý bạn là `{s}`?"),
                None => "xem các tùy chọn bằng `vanban help build`".to_string(),
            };
            (format!("không có tùy chọn `{arg}`"), hint)
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let arg = first(ContextKind::InvalidArg);
            let value = first(ContextKind::InvalidValue);
            let valid = get(ContextKind::ValidValue);
            let hint = if valid.is_empty() {
                "xem `vanban help build`".to_string()
            } else {
                format!("chọn một trong: {}", valid.join(", "))
            };
            (format!("giá trị `{value}` không hợp lệ cho `{arg}`"), hint)
        }
        ErrorKind::MissingRequiredArgument => (
            format!("thiếu {}", get(ContextKind::InvalidArg).join(", ")),
            "xem `vanban help`".to_string(),
        ),
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => (
            format!(
                "số giá trị của `{}` không đúng",
                first(ContextKind::InvalidArg)
            ),
            "xem `vanban help`".to_string(),
        ),
        ErrorKind::ArgumentConflict => (
            format!(
                "`{}` không dùng cùng các tùy chọn đã cho",
                first(ContextKind::InvalidArg)
            ),
            "xem `vanban help`".to_string(),
        ),
        _ => (
            "lệnh không hợp lệ".to_string(),
            "xem `vanban help`".to_string(),
        ),
    };
    eprintln!("lỗi: {msg}\n  gợi ý: {hint}");
    ExitCode::from(EXIT_RUN)
}

/// A progress bar for terminals: one tick per document.
struct Bar(indicatif::ProgressBar);

impl Bar {
    fn new() -> Bar {
        let pb = indicatif::ProgressBar::new(0);
        pb.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} văn bản  {msg}")
                .expect("valid template"),
        );
        Bar(pb)
    }
}

impl build::Progress for Bar {
    fn start(&self, documents: usize) {
        self.0.set_length(documents as u64);
    }
    fn written(&self, path: &Path) {
        self.0.set_message(path.display().to_string());
    }
    fn done(&self, _agency: &str, _document: &str) {
        self.0.inc(1);
    }
}
