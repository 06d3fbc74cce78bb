//! Synthetic workspaces of any size, for the scale test and the scale benchmark: N agencies
//! with distinct ids, names, signers and figures, all valid, spread over every block the way a
//! province after the 2025 reorganisation is (a few dozen sở, ban, ngành; mostly xã and
//! phường; some đơn vị sự nghiệp and cơ quan Trung ương). Deterministic: the same N gives the
//! same files.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// The province plan every generated agency cites: the sample's own, so the generated
/// workspace follows the model exactly as the sample does.
const PROVINCE: &str = include_str!("../data/tinh.yaml");
/// The score sheet the province plan names.
const SCORE_SHEET: &str = include_str!("../data/bang-diem.yaml");

/// sở, ban, ngành: (id, name lines, name in sentences, ký hiệu, head title, deputy title).
const DEPARTMENTS: &[(&str, &str, &str, &str)] = &[
    ("so-noi-vu", "SỞ NỘI VỤ", "Sở Nội vụ", "SNV"),
    ("so-tu-phap", "SỞ TƯ PHÁP", "Sở Tư pháp", "STP"),
    ("so-tai-chinh", "SỞ TÀI CHÍNH", "Sở Tài chính", "STC"),
    ("so-cong-thuong", "SỞ CÔNG THƯƠNG", "Sở Công Thương", "SCT"),
    ("so-y-te", "SỞ Y TẾ", "Sở Y tế", "SYT"),
    ("so-xay-dung", "SỞ XÂY DỰNG", "Sở Xây dựng", "SXD"),
    ("so-ngoai-vu", "SỞ NGOẠI VỤ", "Sở Ngoại vụ", "SNGV"),
    (
        "so-giao-duc-dao-tao",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "Sở Giáo dục và Đào tạo",
        "SGDĐT",
    ),
    (
        "so-khoa-hoc-cong-nghe",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "Sở Khoa học và Công nghệ",
        "SKHCN",
    ),
    (
        "so-dan-toc-ton-giao",
        "SỞ DÂN TỘC VÀ TÔN GIÁO",
        "Sở Dân tộc và Tôn giáo",
        "SDTTG",
    ),
    (
        "so-nong-nghiep-moi-truong",
        "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
        "Sở Nông nghiệp và Môi trường",
        "SNNMT",
    ),
    (
        "so-van-hoa-the-thao-du-lich",
        "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
        "Sở Văn hóa, Thể thao và Du lịch",
        "SVHTTDL",
    ),
    ("thanh-tra-tinh", "THANH TRA TỈNH", "Thanh tra tỉnh", "TTr"),
    (
        "van-phong-ubnd-tinh",
        "VĂN PHÒNG UBND TỈNH",
        "Văn phòng Ủy ban nhân dân tỉnh",
        "VP",
    ),
    (
        "ban-quan-ly-khu-kinh-te",
        "BAN QUẢN LÝ KHU KINH TẾ",
        "Ban Quản lý Khu kinh tế",
        "BQLKKT",
    ),
];

/// Syllables of place names, with their ASCII slugs; two of them name a xã or phường.
const PLACE_A: &[(&str, &str)] = &[
    ("Tân", "tan"),
    ("Phước", "phuoc"),
    ("Long", "long"),
    ("Hòa", "hoa"),
    ("Thạnh", "thanh"),
    ("Bình", "binh"),
    ("An", "an"),
    ("Mỹ", "my"),
    ("Thới", "thoi"),
    ("Hưng", "hung"),
    ("Vĩnh", "vinh"),
    ("Phú", "phu"),
    ("Đức", "duc"),
    ("Trường", "truong"),
    ("Lộc", "loc"),
    ("Thuận", "thuan"),
    ("Gia", "gia"),
    ("Khánh", "khanh"),
    ("Quang", "quang"),
    ("Minh", "minh"),
    ("Hiệp", "hiep"),
    ("Thành", "thanh2"),
    ("Định", "dinh"),
    ("Nhơn", "nhon"),
    ("Lợi", "loi"),
    ("Xuân", "xuan"),
    ("Đông", "dong"),
    ("Tây", "tay"),
    ("Nam", "nam"),
    ("Bắc", "bac"),
    ("Hội", "hoi"),
    ("Cẩm", "cam"),
    ("Thống", "thong"),
    ("Ninh", "ninh"),
    ("Lạc", "lac"),
    ("Hiếu", "hieu"),
    ("Trung", "trung"),
    ("Hải", "hai"),
    ("Sơn", "son"),
    ("Kim", "kim"),
];
const PLACE_B: &[(&str, &str)] = &[
    ("Hòa", "hoa"),
    ("Thạnh", "thanh"),
    ("Bình", "binh"),
    ("Lợi", "loi"),
    ("Hưng", "hung"),
    ("Phú", "phu"),
    ("Đông", "dong"),
    ("Tây", "tay"),
    ("An", "an"),
    ("Long", "long"),
    ("Thuận", "thuan"),
    ("Mỹ", "my"),
    ("Hiệp", "hiep"),
    ("Lộc", "loc"),
    ("Phước", "phuoc"),
    ("Trung", "trung"),
    ("Ninh", "ninh"),
    ("Hội", "hoi"),
    ("Tiến", "tien"),
    ("Thành", "thanh2"),
    ("Khánh", "khanh"),
    ("Nghĩa", "nghia"),
    ("Điền", "dien"),
    ("Yên", "yen"),
    ("Quới", "quoi"),
    ("Châu", "chau"),
    ("Hạnh", "hanh"),
    ("Phong", "phong"),
    ("Lâm", "lam"),
    ("Định", "dinh"),
    ("Hà", "ha"),
    ("Sơn", "son"),
    ("Tín", "tin"),
    ("Xuân", "xuan"),
    ("Nhựt", "nhut"),
    ("Vinh", "vinh2"),
    ("Thới", "thoi"),
    ("Cường", "cuong"),
    ("Thịnh", "thinh"),
    ("Khương", "khuong"),
];

const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lâm", "Tạ",
];
const MIDDLE: &[&str] = &[
    "Văn",
    "Thị",
    "Minh",
    "Thanh",
    "Hoàng",
    "Ngọc",
    "Quốc",
    "Hữu",
    "Đức",
    "Thị Thu",
    "Thị Kim",
    "Công",
    "Xuân",
    "Thành",
    "Trọng",
    "Thị Mỹ",
];
const GIVEN: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hòa", "Hùng", "Hương",
    "Khoa", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Nhân", "Phong", "Phúc", "Phương", "Quân",
    "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Trí", "Trung", "Tuấn", "Uyên", "Vân", "Việt", "Vinh",
    "Xuân", "Yến", "Khải", "Lộc", "Toàn", "Tín", "Luân", "Ngân", "Thư",
];

/// A small deterministic generator (SplitMix64): no dependency, same stream everywhere.
/// Also drives the property tests and the fuzzer.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    /// `whole` times a fraction drawn from `lo..hi` (per mille), never above `whole`.
    fn part(&mut self, whole: u64, lo: u64, hi: u64) -> u64 {
        (whole * self.range(lo, hi) / 1000).min(whole)
    }
}

/// The `i`-th distinct person name: a walk through family × middle × given that visits every
/// combination once before repeating.
fn person(i: usize) -> String {
    let total = FAMILY.len() * MIDDLE.len() * GIVEN.len();
    // 7919 is prime and does not divide `total`, so i ↦ i·7919 mod total is a bijection.
    let k = (i * 7919) % total;
    let f = FAMILY[k % FAMILY.len()];
    let m = MIDDLE[(k / FAMILY.len()) % MIDDLE.len()];
    let g = GIVEN[k / (FAMILY.len() * MIDDLE.len())];
    format!("{f} {m} {g}")
}

/// A YAML double-quoted scalar: user text is never read as YAML syntax. (Also used by the
/// property tests.)
pub fn yaml_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Who a generated agency is.
struct Agency {
    id: String,
    khoi: &'static str,
    ten: Vec<String>,
    chu_quan: Option<&'static str>,
    ten_day_du: String,
    ky_hieu: String,
    dia_danh: String,
    head: (&'static str, &'static str, &'static str, &'static str),
    /// Sentence subject ("Sở Tư pháp", "Ủy ban nhân dân xã Tân Hòa").
    short: String,
    /// Staff size: drives every other figure.
    staff: u64,
    ubnd: bool,
}

/// Head and deputy of a sở or đơn vị sự nghiệp: (id, title, id, title).
const DIRECTOR: (&str, &str, &str, &str) = ("gd", "Giám đốc", "pgd", "Phó Giám đốc");
/// Head and deputy of an Ủy ban nhân dân.
const CHAIR: (&str, &str, &str, &str) = ("ct", "Chủ tịch", "pct", "Phó Chủ tịch");

/// The `i`-th agency of a workspace of `n`: sở first, then a few đơn vị sự nghiệp and cơ
/// quan Trung ương, then xã and phường.
fn agency(i: usize, n: usize, rng: &mut Rng) -> Agency {
    let departments = DEPARTMENTS.len().min(n.div_ceil(6).max(1));
    let units = (n / 20).max(if n > departments { 1 } else { 0 });
    let central = (n / 40).max(if n > departments + units { 1 } else { 0 });
    if i < departments {
        return department(i, rng);
    }
    let p = place(i - departments);
    if i < departments + units {
        return service_centre(&p, rng);
    }
    if i < departments + units + central {
        return tax_office(&p, rng);
    }
    commune(p, rng)
}

/// A place of the province: its kind (xã or phường), name and id slug.
struct Place {
    kind: &'static str,
    kind_slug: &'static str,
    name: String,
    slug: String,
}

/// The `place_index`-th place: each (first, second) syllable pair names one xã and one
/// phường, 3,200 distinct places.
fn place(place_index: usize) -> Place {
    let pairs = PLACE_A.len() * PLACE_B.len();
    let (kind, kind_slug, k) = if place_index < pairs {
        ("xã", "xa", place_index)
    } else {
        ("phường", "phuong", place_index - pairs)
    };
    let k = k % pairs;
    let (a, a_slug) = PLACE_A[k % PLACE_A.len()];
    let (b, b_slug) = PLACE_B[k / PLACE_A.len()];
    let name = format!("{a} {b}");
    let slug = format!("{a_slug}-{b_slug}");
    // Beyond 6,400 agencies names repeat; a number keeps ids and names distinct.
    let round = place_index / (2 * pairs);
    let (name, slug) = if round > 0 {
        (
            format!("{name} {}", round + 1),
            format!("{slug}-{}", round + 1),
        )
    } else {
        (name, slug)
    };
    Place {
        kind,
        kind_slug,
        name,
        slug,
    }
}

/// The `i`-th sở, ban, ngành of `DEPARTMENTS`.
fn department(i: usize, rng: &mut Rng) -> Agency {
    let (id, name, short, kh) = DEPARTMENTS[i];
    Agency {
        id: id.into(),
        khoi: "so-ban-nganh",
        ten: vec![name.into()],
        chu_quan: Some("UBND TỈNH TÂY NINH"),
        ten_day_du: format!("{short} tỉnh Tây Ninh"),
        ky_hieu: kh.into(),
        dia_danh: "Tây Ninh".into(),
        head: DIRECTOR,
        short: short.into(),
        staff: rng.range(40, 300),
        ubnd: false,
    }
}

/// A đơn vị sự nghiệp: the public service centre of a place.
fn service_centre(p: &Place, rng: &mut Rng) -> Agency {
    let place = &p.name;
    let name = format!("Trung tâm Dịch vụ công {place}");
    Agency {
        id: format!("trung-tam-dich-vu-cong-{}", p.slug),
        khoi: "don-vi-su-nghiep",
        ten: vec!["TRUNG TÂM DỊCH VỤ CÔNG".into(), place.to_uppercase()],
        chu_quan: Some("UBND TỈNH TÂY NINH"),
        ten_day_du: format!("{name} tỉnh Tây Ninh"),
        ky_hieu: "TTDVC".into(),
        dia_danh: "Tây Ninh".into(),
        head: DIRECTOR,
        short: name,
        staff: rng.range(15, 60),
        ubnd: false,
    }
}

/// A cơ quan Trung ương: the local tax office of a place.
fn tax_office(p: &Place, rng: &mut Rng) -> Agency {
    let place = &p.name;
    let name = format!("Thuế cơ sở {place}");
    Agency {
        id: format!("thue-co-so-{}", p.slug),
        khoi: "co-quan-trung-uong",
        ten: vec![format!("THUẾ CƠ SỞ {}", place.to_uppercase())],
        chu_quan: Some("THUẾ TỈNH TÂY NINH"),
        ten_day_du: name.clone(),
        ky_hieu: "TCS".into(),
        dia_danh: place.clone(),
        head: ("tr", "Trưởng Thuế cơ sở", "ptr", "Phó Trưởng Thuế cơ sở"),
        short: name,
        staff: rng.range(20, 70),
        ubnd: false,
    }
}

/// The Ủy ban nhân dân of a xã or phường.
fn commune(p: Place, rng: &mut Rng) -> Agency {
    let Place {
        kind,
        kind_slug,
        name: place,
        slug,
    } = p;
    let upper = format!("{} {}", kind.to_uppercase(), place.to_uppercase());
    Agency {
        id: format!("ubnd-{kind_slug}-{slug}"),
        khoi: "ubnd-xa",
        ten: vec!["ỦY BAN NHÂN DÂN".into(), upper],
        chu_quan: None,
        ten_day_du: format!("Ủy ban nhân dân {kind} {place}"),
        ky_hieu: "UBND".into(),
        dia_danh: place.clone(),
        head: CHAIR,
        short: format!("Ủy ban nhân dân {kind} {place}"),
        staff: rng.range(30, 90),
        ubnd: true,
    }
}

fn agency_file(a: &Agency, people: usize) -> String {
    let mut s = String::new();
    let list = |v: &[String]| {
        v.iter()
            .map(|x| yaml_quote(x))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(s, "ten: [{}]", list(&a.ten));
    if let Some(c) = a.chu_quan {
        let _ = writeln!(s, "co_quan_chu_quan: [{}]", yaml_quote(c));
    }
    let _ = writeln!(s, "ten_day_du: {}", yaml_quote(&a.ten_day_du));
    let _ = writeln!(s, "ky_hieu: {}", yaml_quote(&a.ky_hieu));
    let _ = writeln!(s, "dia_danh: {}", yaml_quote(&a.dia_danh));
    let _ = writeln!(s, "khoi: {}", a.khoi);
    let _ = writeln!(
        s,
        "don_vi_soan_thao: {}",
        if a.ubnd { "VP" } else { "TCHC" }
    );
    let (head_id, head, deputy_id, deputy) = a.head;
    let _ = writeln!(s, "nguoi_ky:");
    let _ = writeln!(s, "  - ma: {head_id}");
    if a.ubnd {
        let _ = writeln!(s, "    quyen_han: TM.");
        let _ = writeln!(s, "    chuc_vu_thu_truong: Ủy ban nhân dân");
    }
    let _ = writeln!(s, "    chuc_vu: {head}");
    let _ = writeln!(s, "    ho_ten: {}", yaml_quote(&person(people)));
    let _ = writeln!(s, "  - ma: {deputy_id}");
    if a.ubnd {
        let _ = writeln!(s, "    thay_mat: Ủy ban nhân dân");
    }
    let _ = writeln!(s, "    quyen_han: KT.");
    let _ = writeln!(s, "    chuc_vu_thu_truong: {head}");
    let _ = writeln!(s, "    chuc_vu: {deputy}");
    let _ = writeln!(s, "    ho_ten: {}", yaml_quote(&person(people + 1)));
    let _ = writeln!(s, "nguoi_ky_mac_dinh: {deputy_id}");
    let _ = writeln!(s, "noi_nhan:");
    for r in [
        "UBND tỉnh (b/c)",
        "Sở Nội vụ",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    ] {
        let _ = writeln!(s, "  - {}", yaml_quote(r));
    }
    let _ = writeln!(
        s,
        "  - {}",
        yaml_quote(if a.ubnd {
            "Các công chức, đơn vị thuộc UBND"
        } else {
            "Các phòng, đơn vị trực thuộc"
        })
    );
    s
}

fn plan_file(a: &Agency, rng: &mut Rng) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "so: {}", rng.range(1, 60));
    let _ = writeln!(s, "ngay: 2025-03-{:02}", rng.range(10, 27));
    let _ = writeln!(s, "chi_tieu:");
    let _ = writeln!(
        s,
        "  - {}",
        yaml_quote("100% đơn thư thuộc thẩm quyền được xem xét, giải quyết đúng thời hạn quy định")
    );
    let _ = writeln!(s, "phan_cong:");
    let tasks = [
        ("Quán triệt Kế hoạch và các văn bản về công tác dân vận chính quyền đến toàn thể cán bộ, công chức, viên chức", "Quý I/2025", "Hội nghị quán triệt"),
        ("Giải quyết thủ tục hành chính đúng hạn; gửi thư xin lỗi khi trễ hạn", "Thường xuyên", "Báo cáo kết quả hằng tháng"),
        ("Tiếp công dân định kỳ của người đứng đầu; tiếp nhận, giải quyết đơn thư, phản ánh, kiến nghị", "Hằng tháng", "Sổ tiếp công dân"),
        ("Đăng ký, xây dựng mô hình \"Dân vận khéo\"", "Tháng 5/2025", "Danh sách mô hình đăng ký"),
        ("Tổng hợp, báo cáo kết quả công tác dân vận chính quyền 6 tháng, năm; tự đánh giá, chấm điểm", "Theo Kế hoạch của tỉnh", "Báo cáo, hồ sơ chấm điểm"),
    ];
    let office = if a.ubnd {
        "Văn phòng HĐND và UBND"
    } else {
        "Văn phòng"
    };
    let take = rng.range(3, tasks.len() as u64) as usize;
    for (what, when, product) in tasks.iter().take(take) {
        let _ = writeln!(s, "  - noi_dung: {}", yaml_quote(what));
        let _ = writeln!(s, "    chu_tri: {}", yaml_quote(office));
        let _ = writeln!(s, "    phoi_hop: {}", yaml_quote("Các phòng, đơn vị"));
        let _ = writeln!(s, "    thoi_gian: {}", yaml_quote(when));
        let _ = writeln!(s, "    san_pham: {}", yaml_quote(product));
    }
    s
}

/// Figures of one period, consistent (parts never exceed wholes); `scale` is the share of the
/// year the period covers, in per mille.
fn figures(a: &Agency, scale: u64, rng: &mut Rng) -> String {
    let sc = |v: u64| (v * scale / 1000).max(1);
    let staff = a.staff;
    let received = sc(rng.range(staff * 20, staff * 120));
    let online = rng.part(received, 550, 980);
    let resolved = rng.part(received, 920, 1000);
    let on_time = rng.part(resolved, 970, 1000);
    let letters = resolved - on_time;
    let petitions = sc(rng.range(4, 60));
    let competent = rng.part(petitions, 300, 900);
    let settled = rng.part(competent, 700, 1000);
    let feedback = sc(rng.range(5, 80));
    let handled = rng.part(feedback, 800, 1000);
    let models = rng.range(1, 4);
    let fields = [
        ("van_ban_chi_dao", sc(rng.range(6, 30))),
        ("cuoc_kiem_tra", sc(rng.range(1, 8))),
        ("hoi_nghi_quan_triet", sc(rng.range(1, 6))),
        ("cbccvc", staff),
        ("cbccvc_quan_triet", rng.part(staff, 930, 1000)),
        ("noi_dung_cong_khai", sc(rng.range(4, 20))),
        ("lay_y_kien", sc(rng.range(1, 6))),
        ("tthc_tiep_nhan", received),
        ("tthc_truc_tuyen", online),
        ("tthc_giai_quyet", resolved),
        ("tthc_dung_han", on_time),
        ("thu_xin_loi", letters),
        ("tiep_cong_dan_buoi", sc(rng.range(6, 24))),
        ("tiep_cong_dan_luot", sc(rng.range(8, 90))),
        ("don_tiep_nhan", petitions),
        ("don_thuoc_tham_quyen", competent),
        ("don_da_giai_quyet", settled),
        ("doi_thoai", sc(rng.range(1, 6))),
        ("phan_anh_tiep_nhan", feedback),
        ("phan_anh_da_xu_ly", handled),
        ("dan_van_kheo_dang_ky", models),
        ("dan_van_kheo_cong_nhan", rng.range(0, models)),
        ("cbccvc_ky_luat", rng.range(0, 2)),
    ];
    let mut s = String::from("so_lieu:\n");
    for (k, v) in fields {
        let _ = writeln!(s, "  {k}: {v}");
    }
    s
}

fn report_file(a: &Agency, annual: bool, rng: &mut Rng) -> String {
    let mut s = String::new();
    let (month, day) = if annual {
        let _ = writeln!(s, "so: {}", rng.range(100, 400));
        (10, rng.range(15, 30))
    } else {
        let _ = writeln!(s, "so: {}", rng.range(40, 120));
        (5, rng.range(12, 19))
    };
    let _ = writeln!(s, "ngay: 2025-{month:02}-{day:02}");
    // Sent two days after signing, but for about one agency in twenty (still drafting).
    let signed = chrono::NaiveDate::from_ymd_opt(2025, month, day as u32);
    if let Some(sent) = signed.filter(|_| a.id.bytes().map(u32::from).sum::<u32>() % 20 != 0) {
        let _ = writeln!(s, "ngay_gui: {}", sent + chrono::Duration::days(2));
    }
    let _ = writeln!(s, "dac_diem:");
    let _ = writeln!(
        s,
        "  - {}",
        yaml_quote(&format!(
            "{} có {} cán bộ, công chức, viên chức và người lao động; thực hiện chức năng, nhiệm vụ theo quy định sau sắp xếp tổ chức bộ máy năm 2025.",
            a.short, a.staff
        ))
    );
    s.push_str(&figures(a, if annual { 1000 } else { 450 }, rng));
    let _ = writeln!(s, "ket_qua:\n  dan_van_kheo:");
    let _ = writeln!(
        s,
        "    - {}",
        yaml_quote(&format!(
            "Mô hình “Dân vận khéo trong giải quyết thủ tục hành chính tại {}”.",
            a.short
        ))
    );
    let _ = writeln!(s, "uu_diem:");
    let _ = writeln!(s, "  - {}", yaml_quote("Người đứng đầu trực tiếp chỉ đạo, phân công rõ người, rõ việc; công tác dân vận được đưa vào chương trình công tác hằng tháng."));
    let _ = writeln!(s, "han_che:");
    let _ = writeln!(s, "  - {}", yaml_quote("Một số hồ sơ thủ tục hành chính còn trễ hạn do phải xác minh, lấy ý kiến của nhiều cơ quan."));
    let _ = writeln!(s, "nguyen_nhan:");
    let _ = writeln!(s, "  - {}", yaml_quote("Công chức phụ trách công tác dân vận làm kiêm nhiệm, thay đổi vị trí việc làm sau sắp xếp tổ chức bộ máy."));
    let _ = writeln!(s, "phuong_huong:");
    let _ = writeln!(s, "  - {}", yaml_quote("Tiếp tục quán triệt, triển khai thực hiện nghiêm các văn bản của Trung ương, của tỉnh về công tác dân vận chính quyền."));
    let _ = writeln!(s, "kien_nghi:");
    let _ = writeln!(s, "  - {}", yaml_quote("Đề nghị Ủy ban nhân dân tỉnh tiếp tục nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính."));
    if annual {
        let _ = writeln!(s, "bai_hoc:");
        let _ = writeln!(s, "  - {}", yaml_quote("Phối hợp chặt chẽ với Mặt trận Tổ quốc và các đoàn thể giúp công tác vận động Nhân dân đạt hiệu quả."));
        let score = rng.range(82, 96);
        let _ = writeln!(
            s,
            "tu_danh_gia: {}",
            yaml_quote(&format!(
                "Năm 2025, {} hoàn thành tốt nhiệm vụ công tác dân vận chính quyền; tự chấm {score} điểm, đề nghị xếp loại Tốt.",
                a.short
            ))
        );
    }
    s
}

/// Writes a workspace of `n` agencies under `root` (`root/data/…`), each with a plan, a
/// 6-month report and an annual report: 3·n documents. Existing files are overwritten.
pub fn write_workspace(root: &Path, n: usize) -> io::Result<()> {
    let data = root.join("data");
    std::fs::create_dir_all(&data)?;
    std::fs::write(data.join(crate::load::workspace::PARENT_FILES[1]), PROVINCE)?;
    std::fs::write(data.join("bang-diem.yaml"), SCORE_SHEET)?;
    let mut rng = Rng(2025);
    for i in 0..n {
        let a = agency(i, n, &mut rng);
        let dir = data.join(&a.id);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(
            dir.join(crate::load::workspace::AGENCY_FILE),
            agency_file(&a, 2 * i),
        )?;
        std::fs::write(dir.join("ke-hoach.yaml"), plan_file(&a, &mut rng))?;
        std::fs::write(
            dir.join("bao-cao-6-thang.yaml"),
            report_file(&a, false, &mut rng),
        )?;
        std::fs::write(
            dir.join("bao-cao-nam.yaml"),
            report_file(&a, true, &mut rng),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_names_and_signers_are_distinct_at_country_scale() {
        let n = 3500;
        let mut rng = Rng(1);
        let agencies: Vec<Agency> = (0..n).map(|i| agency(i, n, &mut rng)).collect();
        let mut ids: Vec<&str> = agencies.iter().map(|a| a.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "agency ids repeat");
        let mut names: Vec<&str> = agencies.iter().map(|a| a.ten_day_du.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n, "agency names repeat");
        let mut people: Vec<String> = (0..2 * n).map(person).collect();
        people.sort_unstable();
        people.dedup();
        assert_eq!(people.len(), 2 * n, "signer names repeat");
        for khoi in [
            "so-ban-nganh",
            "ubnd-xa",
            "don-vi-su-nghiep",
            "co-quan-trung-uong",
        ] {
            assert!(
                agencies.iter().any(|a| a.khoi == khoi),
                "no agency in {khoi}"
            );
        }
    }

    #[test]
    fn generation_is_deterministic() {
        let a = std::env::temp_dir().join(format!("vanban-synth-a-{}", std::process::id()));
        let b = std::env::temp_dir().join(format!("vanban-synth-b-{}", std::process::id()));
        write_workspace(&a, 40).unwrap();
        write_workspace(&b, 40).unwrap();
        for entry in walkdir::WalkDir::new(&a).into_iter().filter_map(|e| e.ok()) {
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&a).unwrap();
                assert_eq!(
                    std::fs::read(entry.path()).unwrap(),
                    std::fs::read(b.join(rel)).unwrap(),
                    "{} differs",
                    rel.display()
                );
            }
        }
        let _ = std::fs::remove_dir_all(&a);
        let _ = std::fs::remove_dir_all(&b);
    }
}
