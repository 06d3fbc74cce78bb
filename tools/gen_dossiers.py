#!/usr/bin/env python3
"""Writes data/<agency>/ho-so-cham-diem.yaml for every sample agency that files an annual
report: a self-score against data/bang-diem.yaml that reaches exactly the total and class
the agency's annual report states (tu_danh_gia), with deductions led by its own figures
(TTHC on time, petitions resolved, "Dân vận khéo" models) and evidence citing its own
documents. Then records when each document was sent (`ngay_gui`, 0-2 days after its date),
with a few agencies deliberately late or not sent, for `vanban status`. Deterministic
(seeded by the agency id). Only needed to regenerate the sample."""
import datetime, hashlib, os, random, re, sys
import yaml

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DATA = os.path.join(ROOT, "data")
SHEET = yaml.safe_load(open(os.path.join(DATA, "bang-diem.yaml"), encoding="utf-8"))

WHY = {
    "I.1": "Kế hoạch ban hành sau thời hạn của tỉnh.",
    "I.2": "Một số viên chức nghỉ chế độ, chưa tham dự hội nghị quán triệt; đã quán triệt bổ sung.",
    "I.3": "Chưa tổ chức sơ kết 6 tháng riêng, lồng ghép vào sơ kết nhiệm vụ chuyên môn.",
    "II.1": "Quy chế thực hiện dân chủ chậm cập nhật sau sắp xếp tổ chức bộ máy.",
    "II.2": "Hội nghị cán bộ, công chức, viên chức tổ chức chậm so với kế hoạch.",
    "II.3": "Số đợt lấy ý kiến Nhân dân còn ít.",
    "III.1": "Còn hồ sơ thủ tục hành chính giải quyết trễ hạn.",
    "III.2": "Tỷ lệ hồ sơ trực tuyến toàn trình chưa đạt chỉ tiêu.",
    "III.3": "Mức độ hài lòng ở một số lĩnh vực chưa cao.",
    "III.4": "Một số hồ sơ trễ hạn chưa gửi thư xin lỗi kịp thời.",
    "IV.1": "Có buổi tiếp công dân định kỳ người đứng đầu ủy quyền cho cấp phó.",
    "IV.2": "Còn đơn thuộc thẩm quyền chưa giải quyết xong trong kỳ.",
    "IV.3": "Số cuộc đối thoại với Nhân dân, doanh nghiệp còn ít.",
    "V.1": "Còn phản ánh về thái độ phục vụ của một số công chức.",
    "V.2": "Việc kê khai tài sản, thu nhập còn chậm.",
    "VI.1": "Chương trình phối hợp chưa được sơ kết.",
    "VI.2": "Việc giải trình ý kiến giám sát còn chậm.",
    "VII.1": "Số mô hình đăng ký còn ít.",
    "VII.2": "Chưa có mô hình được công nhận trong năm.",
    "VIII.1": "Báo cáo 6 tháng gửi trễ hạn.",
    "VIII.2": "Báo cáo năm chưa đủ số liệu theo đề cương.",
}


def leaves():
    for g in SHEET["tieu_chi"]:
        for c in g["tieu_chi"]:
            yield f'{g["so"]}.{c["so"]}', c


def fig(report, key):
    return (report.get("so_lieu") or {}).get(key)


def stated(report):
    m = re.search(r"tự chấm ([\d,]+)(?:/100)? điểm", report.get("tu_danh_gia", ""))
    return round(float(m.group(1).replace(",", ".")) * 100) if m else None


def main():
    for agency in sorted(os.listdir(DATA)):
        folder = os.path.join(DATA, agency)
        annual = os.path.join(folder, "bao-cao-nam.yaml")
        if not os.path.isfile(annual):
            continue
        info = yaml.safe_load(open(os.path.join(folder, "co-quan.yaml"), encoding="utf-8"))
        rep = yaml.safe_load(open(annual, encoding="utf-8"))
        plan = yaml.safe_load(open(os.path.join(folder, "ke-hoach.yaml"), encoding="utf-8"))
        six = yaml.safe_load(open(os.path.join(folder, "bao-cao-6-thang.yaml"), encoding="utf-8"))
        target = stated(rep)
        if target is None:
            continue
        rng = random.Random(int(hashlib.sha256(agency.encode()).hexdigest()[:8], 16))
        kh = info["ky_hieu"]
        maxes = {i: round(c["diem"] * 100) for i, c in leaves()}
        pts = dict(maxes)
        kps = {}
        # Deductions the agency's own data calls for.
        plan_sent = sent_date(agency, "ke-hoach", str(plan.get("ngay")))
        if plan_sent is None or plan_sent > "2025-03-28":
            pts["I.1"] = 300
        six_sent = sent_date(agency, "bao-cao-6-thang", str(six.get("ngay")))
        if six_sent is None or six_sent > "2025-05-20":
            pts["VIII.1"] = 0
        rec, res, ok = fig(rep, "tthc_tiep_nhan"), fig(rep, "tthc_giai_quyet"), fig(rep, "tthc_dung_han")
        if not rec:
            # No dossiers to process: on-time rate and apology letters do not arise (full
            # marks); digital transformation (III.2) still applies and is scored.
            kps["III.1"] = kps["III.4"] = True
        elif res:
            rate = ok / res
            pts["III.1"] = 800 if rate >= 0.98 else 600 if rate >= 0.95 else 400 if rate >= 0.90 else 0
        comp, solved = fig(rep, "don_thuoc_tham_quyen"), fig(rep, "don_da_giai_quyet")
        if not comp:
            kps["IV.2"] = True
        elif solved < comp:
            pts["IV.2"] = 450 if solved / comp >= 0.9 else 350
        reg, rec_models = fig(rep, "dan_van_kheo_dang_ky") or 0, fig(rep, "dan_van_kheo_cong_nhan") or 0
        if reg == 0:
            pts["VII.1"] = 0
        if rec_models == 0:
            pts["VII.2"] = 300
        for k in kps:
            pts[k] = maxes[k]
        bonus = []
        total = lambda: sum(pts.values()) + sum(b[1] for b in bonus)
        if total() < target and rec_models > 0:
            bonus.append(("dvk_tinh", 200))
        # Reach the stated total: take or give back half points, never below 0 or above max.
        free = [i for i in maxes if i not in kps and i not in ("I.1", "VIII.1", "III.1", "IV.2", "VII.1", "VII.2")]
        guard = 0
        while total() != target and guard < 10000:
            guard += 1
            i = rng.choice(free)
            step = 50 if total() > target else -50
            if 0 <= pts[i] - step <= maxes[i]:
                pts[i] -= step
        if total() != target:
            sys.exit(f"{agency}: cannot reach {target}")
        lines = [
            "# Hồ sơ tự đánh giá, chấm điểm (sinh bằng tools/gen_dossiers.py theo bảng điểm minh họa).",
            "so: %d" % (int(rep["so"]) + 1),
            "ngay: %s" % "2025-11-1%d" % rng.randint(0, 4),
        ]
        # Sở Nội vụ collects the dossiers: its own goes to UBND tỉnh, as its reports do.
        if rep.get("kinh_gui"):
            lines.append("kinh_gui: [%s]" % ", ".join(rep["kinh_gui"]))
        lines.append("cham_diem:")
        for i, c in leaves():
            if kps.get(i):
                lines.append(f"  {i}: {{ khong_phat_sinh: true, giai_trinh: \"Trong năm không phát sinh nội dung của tiêu chí này.\" }}")
                continue
            p = pts[i] / 100
            p = int(p) if p == int(p) else p
            ev = evidence(i, c, kh, rng, pts[i])
            parts = [f"diem: {p}"]
            if ev:
                parts.append("kiem_chung: [" + ", ".join(ev) + "]")
            if pts[i] < maxes[i]:
                parts.append(f"giai_trinh: \"{WHY[i]}\"")
            lines.append(f"  {i}: {{ " + ", ".join(parts) + " }")
        if bonus:
            lines.append("diem_thuong:")
            for m, _ in bonus:
                lines.append(f"  - ma: {m}")
                lines.append("    kiem_chung: [{ ten: Quyết định công nhận mô hình “Dân vận khéo” cấp tỉnh, so: %d/QĐ-UBND, ngay: 2025-09-%02d }]" % (rng.randint(1500, 2900), rng.randint(10, 28)))
        with open(os.path.join(folder, "ho-so-cham-diem.yaml"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


def evidence(i, c, kh, rng, p):
    if "kiem_chung" not in c or p == 0:
        return []
    own = {"I.1": "ke-hoach", "VIII.1": "bao-cao-6-thang", "VIII.2": "bao-cao-nam"}
    if i in own:
        return ["{ van_ban: %s }" % own[i]]
    named = {
        "I.2": ("Thông báo kết luận hội nghị quán triệt", "TB"),
        "I.3": ("Quyết định phân công phụ trách công tác dân vận", "QĐ"),
        "II.1": ("Quyết định ban hành Quy chế thực hiện dân chủ", "QĐ"),
        "II.2": ("Biên bản hội nghị cán bộ, công chức, viên chức", "BB"),
        "IV.1": ("Thông báo lịch tiếp công dân của người đứng đầu", "TB"),
        "VII.1": ("Danh sách mô hình “Dân vận khéo” đăng ký", "DS"),
    }
    ten, abbr = named[i]
    return ["{ ten: \"%s\", so: %d/%s-%s, ngay: 2025-%02d-%02d }" % (ten, rng.randint(2, 180), abbr, kh, rng.randint(1, 9), rng.randint(1, 28))]


# Deliberate cases for submission tracking: (agency, document) -> sending date, or None for
# a document drafted but not sent.
SENT = {
    ("ubnd-tan-chau", "bao-cao-6-thang"): "2025-05-23",
    ("so-tai-chinh", "ke-hoach"): "2025-04-02",
    ("ubnd-ben-cau", "bao-cao-nam"): "2025-11-01",
    ("cuc-thue", "ho-so-cham-diem"): None,
}


DUE = {"ke-hoach": "2025-03-28", "bao-cao-6-thang": "2025-05-20", "bao-cao-nam": "2025-11-01",
       "ho-so-cham-diem": "2025-11-15"}


def sent_date(agency, doc, day):
    """When a document dated `day` was sent: 0-2 days later, not past the deadline when it was
    ready in time; or the deliberate case of SENT."""
    if (agency, doc) in SENT:
        return SENT[(agency, doc)]
    rng = random.Random(int(hashlib.sha256(f"gui/{agency}/{doc}".encode()).hexdigest()[:8], 16))
    d = datetime.date.fromisoformat(day)
    sent = (d + datetime.timedelta(days=rng.randint(0, 2))).isoformat()
    return min(sent, DUE[doc]) if day <= DUE[doc] else sent


def sending_dates():
    for agency in sorted(os.listdir(DATA)):
        folder = os.path.join(DATA, agency)
        if not os.path.isdir(folder):
            continue
        for doc in DUE:
            path = os.path.join(folder, doc + ".yaml")
            if not os.path.isfile(path):
                continue
            lines = [l for l in open(path, encoding="utf-8").read().split("\n") if not l.startswith("ngay_gui:")]
            at = next((i for i, l in enumerate(lines) if l.startswith("ngay:")), None)
            if at is None or (agency == "ubnd-tinh"):
                open(path, "w", encoding="utf-8").write("\n".join(lines))
                continue
            sent = sent_date(agency, doc, lines[at].split(":", 1)[1].strip())
            if sent is not None:
                lines.insert(at + 1, f"ngay_gui: {sent}")
            open(path, "w", encoding="utf-8").write("\n".join(lines))


if __name__ == "__main__":
    main()
    sending_dates()
