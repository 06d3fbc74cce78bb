#!/usr/bin/env python3
"""Sinh dữ liệu mẫu cho 32 cơ quan, đơn vị, địa phương của tỉnh Tây Ninh năm 2025.

Mỗi cơ quan có 4 tệp như mẫu data/so-noi-vu: co-quan.yaml, ke-hoach.yaml,
bao-cao-6-thang.yaml, bao-cao-nam.yaml. Kết quả hoàn toàn tất định (random.Random(2025)):
chạy lại bao nhiêu lần cũng ra đúng các tệp như nhau. Không cần PyYAML: YAML được viết tay.

Không bao giờ ghi vào data/so-noi-vu, data/ubnd-tinh hay data/tinh.yaml.

    python3 tools/gen_sample.py            # ghi vào <repo>/data
    python3 tools/gen_sample.py --out DIR  # ghi vào DIR (để thử)
"""

import argparse
import datetime as dt
import os
import random
import re
import sys
import unicodedata

PROTECTED = ("so-noi-vu", "ubnd-tinh", "tinh.yaml")

# Tên người đã có trong kho (mẫu, README, tests): không dùng lại.
EXISTING_NAMES = {"Lê Minh Quang", "Phạm Thị Thu Hà", "Nguyễn Hồng Thanh", "Trần Văn An"}
# Tránh trùng tên một số người từng giữ chức vụ ở Tây Ninh hay trung ương (tên ghép ngẫu nhiên).
AVOID_NAMES = {
    "Nguyễn Thành Tâm", "Nguyễn Thanh Ngọc", "Trần Văn Chiến", "Dương Văn Thắng", "Trần Lưu Quang",
    "Nguyễn Mạnh Hùng", "Nguyễn Văn Nên", "Phạm Minh Chính", "Tô Lâm", "Nguyễn Văn Quang",
    "Nguyễn Văn Thắng", "Nguyễn Văn Hùng", "Trần Thanh Mẫn", "Nguyễn Hồng Thanh",
}

# ---------------------------------------------------------------------------------------------
# Cơ quan
# ---------------------------------------------------------------------------------------------

UBT = ["UBND TỈNH TÂY NINH"]

# Chức danh người đứng đầu / cấp phó và mã người ký.
GD = ("gd", "Giám đốc", "pgd", "Phó Giám đốc")
TB = ("tb", "Trưởng ban", "ptb", "Phó Trưởng ban")

# Mỗi mục: id, khoi, ten (các dòng), chu_quan, ten_day_du, ten_ngan (chủ ngữ trong câu), ky_hieu,
# don_vi_soan_thao, chức danh, và các thông số riêng (xem hồ sơ `prof` bên dưới).
AGENCIES = [
    # ----- Sở, ban, ngành -----
    dict(id="so-tu-phap", khoi="so-ban-nganh", ten=["SỞ TƯ PHÁP"], ten_day_du="Sở Tư pháp tỉnh Tây Ninh",
         ten_ngan="Sở Tư pháp", ky_hieu="STP", dvst="VP", cv=GD, cbccvc=(58, 72), tthc=(3800, 5200),
         online=(0.78, 0.9), don=(14, 30), pakn=(10, 24), luot=(10, 26),
         linh_vuc="lý lịch tư pháp, hộ tịch, quốc tịch",
         dac_diem="Sở Tư pháp có 05 phòng chuyên môn và 02 đơn vị sự nghiệp trực thuộc (Trung tâm Trợ giúp pháp lý nhà nước, Trung tâm Dịch vụ đấu giá tài sản); tổng số {N} công chức, viên chức và người lao động."),
    dict(id="so-tai-chinh", khoi="so-ban-nganh", ten=["SỞ TÀI CHÍNH"], ten_day_du="Sở Tài chính tỉnh Tây Ninh",
         ten_ngan="Sở Tài chính", ky_hieu="STC", dvst="VP", cv=GD, cbccvc=(128, 156), tthc=(1900, 2600),
         online=(0.88, 0.97), don=(8, 20), pakn=(14, 30), luot=(8, 20),
         linh_vuc="đăng ký doanh nghiệp, đầu tư, quản lý giá",
         dac_diem="Sở Tài chính được tổ chức lại trên cơ sở hợp nhất Sở Kế hoạch và Đầu tư và Sở Tài chính từ ngày 01/3/2025; có 09 phòng chuyên môn, 01 đơn vị sự nghiệp trực thuộc với {N} công chức, viên chức và người lao động."),
    dict(id="so-cong-thuong", khoi="so-ban-nganh", ten=["SỞ CÔNG THƯƠNG"], ten_day_du="Sở Công Thương tỉnh Tây Ninh",
         ten_ngan="Sở Công Thương", ky_hieu="SCT", dvst="VP", cv=GD, cbccvc=(78, 96), tthc=(1400, 2100),
         online=(0.86, 0.96), don=(6, 16), pakn=(18, 40), luot=(6, 16),
         linh_vuc="kinh doanh xăng dầu, rượu, thuốc lá, an toàn thực phẩm",
         dac_diem="Sở Công Thương có 06 phòng chuyên môn và 01 đơn vị sự nghiệp (Trung tâm Khuyến công và Xúc tiến thương mại); tiếp nhận Chi cục Quản lý thị trường từ ngày 01/3/2025; tổng số {N} công chức, viên chức."),
    dict(id="so-y-te", khoi="so-ban-nganh", ten=["SỞ Y TẾ"], ten_day_du="Sở Y tế tỉnh Tây Ninh",
         ten_ngan="Sở Y tế", ky_hieu="SYT", dvst="TCCB", cv=GD, cbccvc=(96, 124), tthc=(2400, 3300),
         online=(0.7, 0.86), don=(18, 36), pakn=(40, 85), luot=(12, 30),
         linh_vuc="hành nghề khám bệnh, chữa bệnh, dược, mỹ phẩm",
         dac_diem="Khối cơ quan Sở Y tế có 06 phòng chuyên môn, 01 chi cục với {N} công chức, người lao động; Sở quản lý 18 đơn vị sự nghiệp y tế trực thuộc.",
         dac_diem2="Từ ngày 01/3/2025, Sở tiếp nhận thêm chức năng, nhiệm vụ về bảo trợ xã hội, trẻ em và phòng, chống tệ nạn xã hội."),
    dict(id="so-giao-duc-dao-tao", khoi="so-ban-nganh", ten=["SỞ GIÁO DỤC VÀ ĐÀO TẠO"], ten_day_du="Sở Giáo dục và Đào tạo tỉnh Tây Ninh",
         ten_ngan="Sở Giáo dục và Đào tạo", ky_hieu="SGDĐT", dvst="VP", cv=GD, cbccvc=(84, 104), tthc=(900, 1500),
         online=(0.72, 0.9), don=(16, 34), pakn=(25, 60), luot=(10, 28),
         linh_vuc="văn bằng, chứng chỉ, cấp phép dạy thêm",
         dac_diem="Khối cơ quan Sở Giáo dục và Đào tạo có 07 phòng chuyên môn với {N} công chức, người lao động; Sở quản lý trực tiếp 34 trường trung học phổ thông và 03 trung tâm trực thuộc."),
    dict(id="so-khoa-hoc-cong-nghe", khoi="so-ban-nganh", ten=["SỞ KHOA HỌC VÀ CÔNG NGHỆ"], ten_day_du="Sở Khoa học và Công nghệ tỉnh Tây Ninh",
         ten_ngan="Sở Khoa học và Công nghệ", ky_hieu="SKHCN", dvst="VP", cv=GD, cbccvc=(64, 82), tthc=(180, 420),
         online=(0.9, 0.98), don=(2, 8), pakn=(8, 20), luot=(3, 10),
         linh_vuc="tiêu chuẩn, đo lường, chất lượng, bưu chính, viễn thông",
         dac_diem="Sở Khoa học và Công nghệ được tổ chức lại trên cơ sở hợp nhất Sở Thông tin và Truyền thông và Sở Khoa học và Công nghệ từ ngày 01/3/2025; có 06 phòng chuyên môn, 02 đơn vị sự nghiệp với {N} công chức, viên chức."),
    dict(id="so-nong-nghiep-moi-truong", khoi="so-ban-nganh", ten=["SỞ NÔNG NGHIỆP", "VÀ MÔI TRƯỜNG"], ten_day_du="Sở Nông nghiệp và Môi trường tỉnh Tây Ninh",
         ten_ngan="Sở Nông nghiệp và Môi trường", ky_hieu="SNNMT", dvst="VP", cv=GD, cbccvc=(262, 298), tthc=(9000, 13500),
         online=(0.55, 0.74), don=(70, 140), pakn=(40, 90), luot=(40, 95),
         linh_vuc="đất đai, môi trường, tài nguyên nước, trồng trọt và bảo vệ thực vật",
         dac_diem="Sở Nông nghiệp và Môi trường được thành lập trên cơ sở hợp nhất Sở Nông nghiệp và Phát triển nông thôn và Sở Tài nguyên và Môi trường từ ngày 01/3/2025; có 08 phòng chuyên môn, 06 chi cục và 05 đơn vị sự nghiệp với {N} công chức, viên chức khối quản lý nhà nước."),
    dict(id="so-xay-dung", khoi="so-ban-nganh", ten=["SỞ XÂY DỰNG"], ten_day_du="Sở Xây dựng tỉnh Tây Ninh",
         ten_ngan="Sở Xây dựng", ky_hieu="SXD", dvst="VP", cv=GD, cbccvc=(180, 226), tthc=(11000, 16000),
         online=(0.6, 0.8), don=(20, 45), pakn=(30, 70), luot=(14, 36),
         linh_vuc="giấy phép lái xe, đăng kiểm, cấp phép xây dựng",
         dac_diem="Sở Xây dựng được tổ chức lại trên cơ sở hợp nhất Sở Giao thông vận tải và Sở Xây dựng từ ngày 01/3/2025; có 08 phòng chuyên môn, 03 đơn vị sự nghiệp trực thuộc với {N} công chức, viên chức và người lao động."),
    dict(id="so-van-hoa-the-thao-du-lich", khoi="so-ban-nganh", ten=["SỞ VĂN HÓA, THỂ THAO", "VÀ DU LỊCH"], ten_day_du="Sở Văn hóa, Thể thao và Du lịch tỉnh Tây Ninh",
         ten_ngan="Sở Văn hóa, Thể thao và Du lịch", ky_hieu="SVHTTDL", dvst="VP", cv=GD, cbccvc=(132, 168), tthc=(260, 520),
         online=(0.82, 0.95), don=(4, 12), pakn=(12, 30), luot=(4, 12),
         linh_vuc="du lịch, thể thao, quảng cáo, biểu diễn nghệ thuật",
         dac_diem="Sở Văn hóa, Thể thao và Du lịch có 05 phòng chuyên môn và 06 đơn vị sự nghiệp trực thuộc (Bảo tàng tỉnh, Thư viện tỉnh, Trung tâm Văn hóa nghệ thuật, Trung tâm Huấn luyện và Thi đấu thể thao, Trung tâm Thông tin xúc tiến du lịch, Nhà hát Ca múa nhạc); tổng số {N} công chức, viên chức."),
    dict(id="so-dan-toc-ton-giao", khoi="so-ban-nganh", ten=["SỞ DÂN TỘC VÀ TÔN GIÁO"], ten_day_du="Sở Dân tộc và Tôn giáo tỉnh Tây Ninh",
         ten_ngan="Sở Dân tộc và Tôn giáo", ky_hieu="SDTTG", dvst="VP", cv=GD, cbccvc=(40, 48), tthc=(40, 90),
         online=(0.5, 0.75), don=(3, 9), pakn=(4, 12), luot=(6, 18),
         linh_vuc="tín ngưỡng, tôn giáo",
         dac_diem="Sở Dân tộc và Tôn giáo được thành lập trên cơ sở Ban Dân tộc tỉnh và tiếp nhận chức năng quản lý nhà nước về tín ngưỡng, tôn giáo từ Sở Nội vụ; có 03 phòng chuyên môn và Văn phòng Sở với {N} công chức, người lao động.",
         dac_diem2="Trên địa bàn tỉnh có nhiều tôn giáo, trong đó Cao Đài có số tín đồ đông nhất; đồng bào dân tộc Khmer, Chăm, Hoa sinh sống xen kẽ."),
    dict(id="so-ngoai-vu", khoi="so-ban-nganh", ten=["SỞ NGOẠI VỤ"], ten_day_du="Sở Ngoại vụ tỉnh Tây Ninh",
         ten_ngan="Sở Ngoại vụ", ky_hieu="SNgV", dvst="VP", cv=GD, cbccvc=(40, 46), tthc=(50, 110),
         online=(0.8, 0.96), don=(1, 5), pakn=(3, 10), luot=(2, 8),
         linh_vuc="lãnh sự, tổ chức hội nghị, hội thảo quốc tế",
         dac_diem="Sở Ngoại vụ có Văn phòng Sở, 03 phòng chuyên môn và 01 đơn vị sự nghiệp (Trung tâm Dịch vụ đối ngoại); tổng số {N} công chức, viên chức; tham mưu công tác biên giới trên tuyến biên giới dài 240 km tiếp giáp Vương quốc Campuchia."),
    dict(id="thanh-tra-tinh", khoi="so-ban-nganh", ten=["THANH TRA TỈNH"], ten_day_du="Thanh tra tỉnh Tây Ninh",
         ten_ngan="Thanh tra tỉnh", ky_hieu="TTr", dvst="VP", cv=("ctt", "Chánh Thanh tra", "pctt", "Phó Chánh Thanh tra"),
         cbccvc=(44, 56), tthc=(12, 30), online=(0.1, 0.3), don=(150, 260), pakn=(10, 26), luot=(60, 130),
         linh_vuc="giải quyết khiếu nại, tố cáo",
         lanh_dao="Lãnh đạo Thanh tra tỉnh", vp="Văn phòng Thanh tra tỉnh", cm="Các phòng nghiệp vụ",
         all="Các phòng nghiệp vụ", tiep_dan="Phòng Tiếp công dân và Xử lý đơn thư",
         noi_nhan_lead="Lãnh đạo Thanh tra tỉnh", noi_nhan_units="Các phòng thuộc Thanh tra tỉnh",
         dac_diem="Thanh tra tỉnh có Văn phòng và 05 phòng nghiệp vụ với {N} công chức; thực hiện sắp xếp, kiện toàn tổ chức theo chủ trương tinh gọn bộ máy các cơ quan thanh tra."),
    dict(id="van-phong-ubnd-tinh", khoi="so-ban-nganh", ten=["VĂN PHÒNG"], ten_day_du="Văn phòng Ủy ban nhân dân tỉnh Tây Ninh",
         ten_ngan="Văn phòng Ủy ban nhân dân tỉnh", ky_hieu="VP", dvst="HCTC", cv=("cvp", "Chánh Văn phòng", "pcvp", "Phó Chánh Văn phòng"),
         cbccvc=(98, 124), tthc=(60, 160), online=(0.7, 0.9), don=(360, 620), pakn=(60, 140), luot=(420, 780),
         tcd_buoi=(96, 104),
         linh_vuc="tiếp công dân, xử lý đơn thư",
         lanh_dao="Lãnh đạo Văn phòng", vp="Phòng Hành chính - Tổ chức", cm="Các phòng chuyên môn",
         all="Các phòng, đơn vị thuộc Văn phòng", tiep_dan="Ban Tiếp công dân tỉnh",
         noi_nhan_lead="Lãnh đạo Văn phòng", noi_nhan_units="Các phòng, đơn vị thuộc Văn phòng",
         dac_diem="Văn phòng Ủy ban nhân dân tỉnh có 08 phòng chuyên môn, Ban Tiếp công dân tỉnh và 02 đơn vị sự nghiệp trực thuộc với {N} công chức, viên chức và người lao động."),
    dict(id="ban-quan-ly-khu-kinh-te", khoi="so-ban-nganh", ten=["BAN QUẢN LÝ", "KHU KINH TẾ"], ten_day_du="Ban Quản lý Khu kinh tế tỉnh Tây Ninh",
         ten_ngan="Ban Quản lý Khu kinh tế tỉnh", ky_hieu="BQLKKT", dvst="VP", cv=TB, cbccvc=(50, 62), tthc=(600, 1100),
         online=(0.9, 0.98), don=(6, 18), pakn=(12, 30), luot=(6, 18),
         linh_vuc="đầu tư, lao động nước ngoài, môi trường trong khu công nghiệp",
         lanh_dao="Lãnh đạo Ban", vp="Văn phòng Ban", all="Các phòng, đơn vị thuộc Ban",
         noi_nhan_lead="Lãnh đạo Ban", noi_nhan_units="Các phòng, đơn vị thuộc Ban",
         dac_diem="Ban Quản lý Khu kinh tế tỉnh có Văn phòng, 04 phòng chuyên môn và 01 đơn vị sự nghiệp với {N} công chức, viên chức; quản lý Khu kinh tế cửa khẩu Mộc Bài, Xa Mát và các khu công nghiệp tập trung đông lao động."),
]

# UBND cấp huyện: id, loại (thành phố/thị xã/huyện), tên đơn vị, số phường, xã, thị trấn,
# danh sách xã/phường mẫu, biên giới?
HUYEN = [
    ("ubnd-tp-tay-ninh", "thành phố", "Tây Ninh", (7, 3, 0), ["phường Hiệp Ninh", "phường Ninh Sơn", "phường Ninh Thạnh", "xã Bình Minh", "xã Tân Bình", "xã Thạnh Tân"], False, (1150, 1420), (16000, 24000)),
    ("ubnd-tx-hoa-thanh", "thị xã", "Hòa Thành", (4, 4, 0), ["phường Long Hoa", "phường Long Thành Bắc", "phường Hiệp Tân", "xã Trường Tây", "xã Trường Hòa", "xã Long Thành Nam"], False, (820, 1020), (9000, 13000)),
    ("ubnd-tx-trang-bang", "thị xã", "Trảng Bàng", (6, 4, 0), ["phường Gia Lộc", "phường An Tịnh", "phường Lộc Hưng", "xã Đôn Thuận", "xã Phước Chỉ", "xã Hưng Thuận"], True, (900, 1180), (11000, 16000)),
    ("ubnd-tan-bien", "huyện", "Tân Biên", (0, 9, 1), ["xã Tân Lập", "xã Thạnh Bắc", "xã Hòa Hiệp", "xã Tân Phong", "xã Mỏ Công", "xã Trà Vong"], True, (560, 720), (6000, 8500)),
    ("ubnd-tan-chau", "huyện", "Tân Châu", (0, 11, 1), ["xã Tân Hòa", "xã Suối Ngô", "xã Tân Đông", "xã Suối Dây", "xã Tân Hà", "xã Thạnh Đông"], True, (640, 820), (7000, 10000)),
    ("ubnd-duong-minh-chau", "huyện", "Dương Minh Châu", (0, 10, 1), ["xã Suối Đá", "xã Phan", "xã Bàu Năng", "xã Chà Là", "xã Truông Mít", "xã Phước Minh"], False, (600, 780), (6500, 9500)),
    ("ubnd-chau-thanh", "huyện", "Châu Thành", (0, 14, 1), ["xã Hòa Hội", "xã Biên Giới", "xã Thành Long", "xã Ninh Điền", "xã Hảo Đước", "xã An Cơ"], True, (700, 900), (7000, 10500)),
    ("ubnd-go-dau", "huyện", "Gò Dầu", (0, 8, 1), ["xã Phước Thạnh", "xã Thạnh Đức", "xã Bàu Đồn", "xã Cẩm Giang", "xã Hiệp Thạnh", "xã Phước Đông"], False, (660, 840), (8000, 12000)),
    ("ubnd-ben-cau", "huyện", "Bến Cầu", (0, 8, 1), ["xã Long Thuận", "xã Tiên Thuận", "xã Lợi Thuận", "xã Long Khánh", "xã An Thạnh", "xã Long Phước"], True, (420, 560), (5400, 7200)),
]

DVSN = [
    dict(id="truong-cao-dang-su-pham", khoi="don-vi-su-nghiep", ten=["TRƯỜNG CAO ĐẲNG", "SƯ PHẠM TÂY NINH"],
         ten_day_du="Trường Cao đẳng Sư phạm Tây Ninh", ten_ngan="Trường Cao đẳng Sư phạm Tây Ninh", ky_hieu="CĐSP",
         dvst="TCHC", cv=("ht", "Hiệu trưởng", "pht", "Phó Hiệu trưởng"), cbccvc=(140, 172), tthc=None,
         don=(1, 5), pakn=(8, 22), luot=(0, 5), nguoi="giảng viên, viên chức, người lao động",
         lanh_dao="Ban Giám hiệu", vp="Phòng Tổ chức - Hành chính", cm="Các khoa, phòng",
         all="Các khoa, phòng, trung tâm", tiep_dan="Phòng Tổ chức - Hành chính",
         cong_doan="Công đoàn Trường", doi_tuong="giảng viên, học sinh, sinh viên",
         noi_nhan_lead="Ban Giám hiệu", noi_nhan_units="Các khoa, phòng, trung tâm",
         dac_diem="Trường Cao đẳng Sư phạm Tây Ninh có 04 phòng chức năng, 05 khoa và 02 trung tâm; tổng số {N} giảng viên, viên chức và người lao động; quy mô đào tạo hơn 1.200 học sinh, sinh viên."),
    dict(id="bao-phat-thanh-truyen-hinh", khoi="don-vi-su-nghiep", ten=["BÁO VÀ PHÁT THANH,", "TRUYỀN HÌNH TÂY NINH"],
         ten_day_du="Báo và Phát thanh, truyền hình Tây Ninh", ten_ngan="Báo và Phát thanh, truyền hình Tây Ninh", ky_hieu="BPTTH",
         dvst="TCHC", cv=("tbt", "Tổng Biên tập", "ptbt", "Phó Tổng Biên tập"), cbccvc=(205, 250), tthc=None,
         don=(2, 8), pakn=(30, 70), luot=(0, 6), nguoi="phóng viên, biên tập viên, viên chức, người lao động",
         lanh_dao="Ban Biên tập", vp="Phòng Tổ chức - Hành chính", cm="Các phòng, ban chuyên môn",
         all="Các phòng, ban", tiep_dan="Phòng Tổ chức - Hành chính", cong_doan="Công đoàn cơ sở",
         doi_tuong="bạn đọc, khán thính giả", noi_nhan_lead="Ban Biên tập", noi_nhan_units="Các phòng, ban",
         dac_diem="Báo và Phát thanh, truyền hình Tây Ninh được thành lập trên cơ sở hợp nhất Báo Tây Ninh và Đài Phát thanh và Truyền hình Tây Ninh; có 09 phòng, ban với {N} phóng viên, biên tập viên, viên chức và người lao động."),
    dict(id="ban-ql-khu-du-lich-nui-ba-den", khoi="don-vi-su-nghiep", ten=["BAN QUẢN LÝ KHU DU LỊCH", "QUỐC GIA NÚI BÀ ĐEN"],
         ten_day_du="Ban Quản lý Khu du lịch quốc gia Núi Bà Đen", ten_ngan="Ban Quản lý Khu du lịch quốc gia Núi Bà Đen", ky_hieu="BQLKDL",
         dvst="HCTH", cv=TB, cbccvc=(72, 94), tthc=None,
         don=(3, 10), pakn=(40, 95), luot=(4, 14), nguoi="viên chức, người lao động",
         lanh_dao="Lãnh đạo Ban", vp="Phòng Hành chính - Tổng hợp", cm="Các phòng chuyên môn",
         all="Các phòng, đội", tiep_dan="Phòng Hành chính - Tổng hợp", doi_tuong="du khách, hộ kinh doanh",
         noi_nhan_lead="Lãnh đạo Ban", noi_nhan_units="Các phòng, đội thuộc Ban",
         dac_diem="Ban Quản lý Khu du lịch quốc gia Núi Bà Đen có 03 phòng và 02 đội với {N} viên chức, người lao động; mùa lễ hội Xuân Núi Bà Đen hằng năm đón lượng lớn du khách, áp lực phục vụ rất cao."),
    dict(id="trung-tam-phuc-vu-hanh-chinh-cong", khoi="don-vi-su-nghiep", ten=["TRUNG TÂM PHỤC VỤ", "HÀNH CHÍNH CÔNG"],
         ten_day_du="Trung tâm Phục vụ hành chính công tỉnh Tây Ninh", ten_ngan="Trung tâm Phục vụ hành chính công tỉnh", ky_hieu="TTPVHCC",
         dvst="HCTH", cv=GD, cbccvc=(40, 54), tthc=(52000, 68000), online=(0.8, 0.92),
         don=(1, 6), pakn=(60, 140), luot=(4, 12),
         linh_vuc="đất đai, đăng ký doanh nghiệp, giấy phép lái xe, lý lịch tư pháp",
         lanh_dao="Ban Giám đốc Trung tâm", vp="Phòng Hành chính - Tổng hợp", cm="Các quầy tiếp nhận",
         all="Các phòng thuộc Trung tâm", tiep_dan="Phòng Hành chính - Tổng hợp",
         mot_cua="Các sở, ngành có thủ tục hành chính", noi_nhan_lead="Ban Giám đốc Trung tâm",
         noi_nhan_units="Các phòng thuộc Trung tâm",
         dac_diem="Trung tâm Phục vụ hành chính công tỉnh có 02 phòng với {N} viên chức, người lao động và công chức các sở, ngành được cử đến làm việc; tiếp nhận hồ sơ thủ tục hành chính thuộc thẩm quyền giải quyết của các sở, ngành tỉnh."),
]

TW = [
    dict(id="cong-an-tinh", khoi="co-quan-trung-uong", chu_quan=["BỘ CÔNG AN"], ten=["CÔNG AN TỈNH TÂY NINH"],
         ten_day_du="Công an tỉnh Tây Ninh", ten_ngan="Công an tỉnh", ky_hieu="CAT", dvst="PX01", cv=GD,
         cbccvc=(2500, 2900), tthc=(120000, 165000), online=(0.42, 0.62), don=(90, 180), pakn=(80, 170), luot=(90, 190),
         linh_vuc="cư trú, căn cước, đăng ký, quản lý phương tiện giao thông",
         nguoi="cán bộ, chiến sĩ", lanh_dao="Ban Giám đốc Công an tỉnh",
         vp="Phòng Công tác đảng và công tác chính trị", cm="Các phòng nghiệp vụ", all="Các phòng nghiệp vụ, Công an cấp xã",
         tiep_dan="Phòng Tham mưu", cong_doan="Đoàn Thanh niên Công an tỉnh", military=True,
         mot_cua="Công an các xã, phường, thị trấn", noi_nhan_up="Bộ Công an (b/c)",
         noi_nhan_lead="Ban Giám đốc Công an tỉnh", noi_nhan_units="Các phòng nghiệp vụ, Công an xã, phường, thị trấn",
         dac_diem="Công an tỉnh tổ chức theo mô hình Công an tỉnh, Công an cấp xã, không tổ chức Công an cấp huyện từ ngày 01/3/2025; có 27 phòng nghiệp vụ và Công an 94 xã, phường, thị trấn với {N} cán bộ, chiến sĩ."),
    dict(id="bo-chi-huy-quan-su", khoi="co-quan-trung-uong", chu_quan=["QUÂN KHU 7"], ten=["BỘ CHỈ HUY QUÂN SỰ", "TỈNH TÂY NINH"],
         ten_day_du="Bộ Chỉ huy Quân sự tỉnh Tây Ninh", ten_ngan="Bộ Chỉ huy Quân sự tỉnh", ky_hieu="BCHQS", dvst="CT",
         cv=("cht", "Chỉ huy trưởng", "pcht", "Phó Chỉ huy trưởng"), cbccvc=(560, 720), tthc=(120, 320), online=(0.1, 0.3),
         don=(3, 10), pakn=(6, 16), luot=(6, 18),
         linh_vuc="chính sách quân nhân, đăng ký nghĩa vụ quân sự",
         nguoi="cán bộ, chiến sĩ, công nhân viên quốc phòng", lanh_dao="Đảng ủy, Bộ Chỉ huy",
         vp="Phòng Chính trị", cm="Các phòng, ban", all="Các cơ quan, đơn vị trực thuộc", tiep_dan="Phòng Chính trị",
         cong_doan="Hội đồng quân nhân", military=True, mot_cua="Ban Chỉ huy Quân sự cấp huyện",
         noi_nhan_up="Bộ Tư lệnh Quân khu 7 (b/c)", noi_nhan_lead="Thủ trưởng Bộ Chỉ huy", noi_nhan_units="Các cơ quan, đơn vị trực thuộc",
         dac_diem="Bộ Chỉ huy Quân sự tỉnh có 04 phòng, 09 Ban Chỉ huy Quân sự huyện, thị xã, thành phố và các đơn vị trực thuộc với {N} cán bộ, chiến sĩ, công nhân viên quốc phòng."),
    dict(id="bao-hiem-xa-hoi", khoi="co-quan-trung-uong", chu_quan=["BẢO HIỂM XÃ HỘI VIỆT NAM"], ten=["BẢO HIỂM XÃ HỘI", "TỈNH TÂY NINH"],
         ten_day_du="Bảo hiểm xã hội tỉnh Tây Ninh", ten_ngan="Bảo hiểm xã hội tỉnh", ky_hieu="BHXH", dvst="VP", cv=GD,
         cbccvc=(236, 280), tthc=(70000, 98000), online=(0.86, 0.96), don=(20, 55), pakn=(60, 130), luot=(20, 50),
         linh_vuc="thu bảo hiểm xã hội, cấp sổ, thẻ bảo hiểm y tế, giải quyết chế độ",
         lanh_dao="Ban Giám đốc", vp="Văn phòng", cm="Các phòng nghiệp vụ", all="Các phòng nghiệp vụ, Bảo hiểm xã hội cấp huyện",
         tiep_dan="Văn phòng", doi_tuong="người lao động, người sử dụng lao động",
         mot_cua="Bộ phận Một cửa", noi_nhan_up="Bảo hiểm xã hội Việt Nam (b/c)", noi_nhan_lead="Ban Giám đốc",
         noi_nhan_units="Các phòng nghiệp vụ, Bảo hiểm xã hội cấp huyện",
         dac_diem="Bảo hiểm xã hội tỉnh có 07 phòng nghiệp vụ và 08 Bảo hiểm xã hội huyện, thị xã với {N} công chức, viên chức; quản lý hơn 1,1 triệu người tham gia bảo hiểm xã hội, bảo hiểm y tế."),
    dict(id="kho-bac-nha-nuoc", khoi="co-quan-trung-uong", chu_quan=["KHO BẠC NHÀ NƯỚC"], ten=["KHO BẠC NHÀ NƯỚC", "TÂY NINH"],
         ten_day_du="Kho bạc Nhà nước Tây Ninh", ten_ngan="Kho bạc Nhà nước Tây Ninh", ky_hieu="KBNN", dvst="TCHC", cv=GD,
         cbccvc=(150, 186), tthc=(26000, 38000), online=(0.96, 0.995), don=(0, 3), pakn=(4, 12), luot=(0, 5),
         linh_vuc="kiểm soát chi ngân sách nhà nước, kiểm soát thanh toán vốn đầu tư",
         lanh_dao="Ban Giám đốc", vp="Phòng Tổ chức - Hành chính", cm="Các phòng nghiệp vụ, phòng giao dịch",
         all="Các phòng nghiệp vụ, phòng giao dịch", tiep_dan="Phòng Tổ chức - Hành chính", doi_tuong="đơn vị sử dụng ngân sách",
         mot_cua="Các phòng giao dịch", noi_nhan_up="Kho bạc Nhà nước (b/c)", noi_nhan_lead="Ban Giám đốc",
         noi_nhan_units="Các phòng nghiệp vụ, phòng giao dịch",
         dac_diem="Kho bạc Nhà nước Tây Ninh có 05 phòng nghiệp vụ và 08 phòng giao dịch với {N} công chức; thực hiện sắp xếp tổ chức theo mô hình Kho bạc Nhà nước khu vực."),
    dict(id="cuc-thue", khoi="co-quan-trung-uong", chu_quan=["CỤC THUẾ"], ten=["THUẾ TỈNH TÂY NINH"],
         ten_day_du="Thuế tỉnh Tây Ninh", ten_ngan="Thuế tỉnh Tây Ninh", ky_hieu="TTN", dvst="TCHC",
         cv=("tt", "Trưởng Thuế tỉnh", "ptt", "Phó Trưởng Thuế tỉnh"), cbccvc=(380, 450), tthc=(210000, 280000),
         online=(0.95, 0.99), don=(10, 30), pakn=(40, 90), luot=(14, 36),
         linh_vuc="đăng ký thuế, khai thuế, hoàn thuế, hóa đơn điện tử",
         lanh_dao="Lãnh đạo Thuế tỉnh", vp="Phòng Tổ chức - Hành chính", cm="Các phòng, Thuế cơ sở",
         all="Các phòng, Thuế cơ sở", tiep_dan="Phòng Tổ chức - Hành chính", doi_tuong="người nộp thuế",
         mot_cua="Bộ phận Một cửa", noi_nhan_up="Cục Thuế (b/c)", noi_nhan_lead="Lãnh đạo Thuế tỉnh",
         noi_nhan_units="Các phòng, Thuế cơ sở",
         dac_diem="Thuế tỉnh Tây Ninh được tổ chức lại từ Cục Thuế tỉnh theo mô hình mới từ ngày 01/3/2025; có 07 phòng và 05 Thuế cơ sở với {N} công chức, người lao động; quản lý thuế đối với doanh nghiệp, hộ kinh doanh trên địa bàn tỉnh."),
]

# Mô hình "Dân vận khéo" riêng của từng cơ quan (tên, không có dấu ngoặc kép, không có dấu chấm cuối).
MO_HINH = {
    "so-tu-phap": ["Trợ giúp pháp lý lưu động cho người dân các xã biên giới", "Cấp Phiếu lý lịch tư pháp trên ứng dụng VNeID, người dân không phải đi lại", "Tủ sách pháp luật điện tử ở ấp, khu phố"],
    "so-tai-chinh": ["Đồng hành cùng doanh nghiệp khởi nghiệp đăng ký kinh doanh trực tuyến", "Tổ công tác hỗ trợ nhà đầu tư tháo gỡ vướng mắc", "Công khai ngân sách gần dân"],
    "so-cong-thuong": ["Đưa hàng Việt về nông thôn, vùng biên giới", "Hỗ trợ hộ kinh doanh bán hàng trên sàn thương mại điện tử", "Chợ an toàn thực phẩm, văn minh thương mại"],
    "so-y-te": ["Đường dây nóng lắng nghe người bệnh", "Khám sàng lọc miễn phí cho người cao tuổi vùng biên giới", "Bệnh viện xanh, sạch, đẹp, thân thiện với người bệnh"],
    "so-giao-duc-dao-tao": ["Nâng bước em đến trường vùng biên giới", "Tuyển sinh đầu cấp trực tuyến, minh bạch", "Mỗi thầy cô giúp đỡ một học sinh khó khăn"],
    "so-khoa-hoc-cong-nghe": ["Tổ công nghệ số cộng đồng hỗ trợ người dân dùng dịch vụ công", "Bình dân học vụ số", "Chợ 4.0 thanh toán không dùng tiền mặt"],
    "so-nong-nghiep-moi-truong": ["Vận động Nhân dân hiến đất làm đường giao thông nội đồng", "Đối thoại giải quyết vướng mắc về đất đai tại cơ sở", "Nông dân liên kết sản xuất theo chuỗi giá trị"],
    "so-xay-dung": ["Vận động hộ dân bàn giao mặt bằng dự án đường cao tốc Gò Dầu - Xa Mát", "Sát hạch, cấp đổi giấy phép lái xe thân thiện", "Xây dựng nhà ở xã hội cho công nhân"],
    "so-van-hoa-the-thao-du-lich": ["Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư", "Sân chơi thể thao miễn phí cho thiếu nhi trong dịp hè", "Điểm đến du lịch an toàn, văn minh, thân thiện"],
    "so-dan-toc-ton-giao": ["Chức sắc, chức việc tôn giáo tham gia giữ gìn an ninh trật tự", "Đồng hành cùng đồng bào Khmer, Chăm vùng biên giới", "Người có uy tín trong đồng bào dân tộc thiểu số làm cầu nối với chính quyền"],
    "so-ngoai-vu": ["Hỗ trợ công dân, doanh nghiệp về thủ tục lãnh sự", "Tuyên truyền pháp luật về biên giới cho Nhân dân các xã biên giới"],
    "thanh-tra-tinh": ["Tiếp công dân gắn với đối thoại tại cơ sở", "Giải quyết dứt điểm vụ việc khiếu nại tồn đọng, kéo dài"],
    "van-phong-ubnd-tinh": ["Tiếp công dân tận tình, chu đáo, đúng pháp luật", "Văn phòng điện tử, giảm giấy tờ, tăng phục vụ"],
    "ban-quan-ly-khu-kinh-te": ["Đồng hành cùng doanh nghiệp trong khu công nghiệp", "Vận động doanh nghiệp chăm lo nhà ở, đời sống cho công nhân", "Đối thoại định kỳ giữa doanh nghiệp và người lao động"],
    "truong-cao-dang-su-pham": ["Sinh viên tình nguyện dạy chữ cho trẻ em vùng biên giới", "Giảng viên đồng hành cùng giáo viên mầm non vùng khó khăn"],
    "bao-phat-thanh-truyen-hinh": ["Chuyên mục Dân vận khéo trên sóng phát thanh, truyền hình", "Tiếp nhận và phản hồi ý kiến bạn đọc, khán thính giả trong 24 giờ"],
    "ban-ql-khu-du-lich-nui-ba-den": ["Vận động hộ kinh doanh chân núi không chèo kéo, đeo bám du khách", "Đường dây nóng hỗ trợ du khách", "Lễ hội văn minh, an toàn, tiết kiệm"],
    "trung-tam-phuc-vu-hanh-chinh-cong": ["Ưu tiên hỗ trợ người cao tuổi, người khuyết tật nộp hồ sơ", "Hướng dẫn viên thân thiện tại Trung tâm", "Tổ hỗ trợ nộp hồ sơ trực tuyến, thanh toán không dùng tiền mặt"],
    "cong-an-tinh": ["Công an xã vì Nhân dân phục vụ", "Tổ cấp căn cước lưu động cho người cao tuổi, người bệnh", "Camera giám sát an ninh trật tự ở khu dân cư"],
    "bo-chi-huy-quan-su": ["Dân vận khéo trong công tác tuyển chọn, gọi công dân nhập ngũ", "Quân dân y kết hợp khám bệnh, cấp thuốc cho Nhân dân vùng biên giới", "Mái ấm cho gia đình chính sách, hộ nghèo"],
    "bao-hiem-xa-hoi": ["Tổ tư vấn bảo hiểm xã hội tự nguyện, bảo hiểm y tế hộ gia đình tại ấp, khu phố", "Chi trả lương hưu, trợ cấp qua tài khoản cá nhân", "Sổ bảo hiểm xã hội tặng người nghèo"],
    "kho-bac-nha-nuoc": ["Kiểm soát chi trực tuyến, không giấy tờ", "Một đơn vị giao dịch, một đầu mối phục vụ"],
    "cuc-thue": ["Cùng hộ kinh doanh chuyển đổi sang hóa đơn điện tử khởi tạo từ máy tính tiền", "Hỗ trợ quyết toán thuế thu nhập cá nhân trực tuyến", "Đối thoại với người nộp thuế tại cơ sở"],
}

MO_HINH_HUYEN = [
    "Vận động Nhân dân hiến đất mở rộng đường giao thông nông thôn tại {xa}",
    "Tuyến đường hoa nông thôn mới tại {xa}",
    "Camera an ninh kết nối khu dân cư tại {xa}",
    "Tổ tự quản bảo vệ an ninh trật tự ở ấp, khu phố tại {xa}",
    "Chi hội phụ nữ tiết kiệm giúp nhau thoát nghèo tại {xa}",
    "Khu dân cư không có tội phạm và tệ nạn ma túy tại {xa}",
    "Bộ phận Một cửa thân thiện, hỗ trợ người dân nộp hồ sơ trực tuyến tại {xa}",
    "Hỗ trợ sinh kế cho hộ nghèo, hộ cận nghèo tại {xa}",
    "Ngày thứ Bảy cùng dân vệ sinh môi trường tại {xa}",
    "Chợ thanh toán không dùng tiền mặt tại {xa}",
]

# Nhiệm vụ riêng theo cơ quan (noi_dung, chu_tri, phoi_hop, thoi_gian, san_pham); "{vp}", "{cm}"... được thay.
TASKS_SPECIFIC = {
    "so-tu-phap": [("Trợ giúp pháp lý, phổ biến pháp luật lưu động cho người dân các xã biên giới", "Trung tâm Trợ giúp pháp lý nhà nước", "UBND các huyện biên giới", "Quý II, Quý III/2025", "Báo cáo kết quả trợ giúp pháp lý")],
    "so-tai-chinh": [("Tổ chức đối thoại với doanh nghiệp, nhà đầu tư về thủ tục đầu tư, đăng ký doanh nghiệp", "Phòng Đăng ký kinh doanh", "Hiệp hội Doanh nghiệp tỉnh", "Quý III/2025", "Biên bản đối thoại")],
    "so-cong-thuong": [("Tuyên truyền, vận động Nhân dân tham gia bảo vệ quyền lợi người tiêu dùng; bình ổn thị trường dịp Tết", "Phòng Quản lý thương mại", "Chi cục Quản lý thị trường", "Quý I, Quý IV/2025", "Báo cáo kết quả bình ổn thị trường")],
    "so-y-te": [("Duy trì đường dây nóng, nâng cao thái độ phục vụ người bệnh tại các cơ sở khám bệnh, chữa bệnh", "Phòng Nghiệp vụ Y", "Các đơn vị sự nghiệp y tế", "Thường xuyên", "Báo cáo khảo sát hài lòng người bệnh")],
    "so-giao-duc-dao-tao": [("Công khai kế hoạch tuyển sinh, các khoản thu đầu năm học 2025 - 2026", "Phòng Giáo dục trung học", "Các trường trung học phổ thông", "Tháng 8/2025", "Thông báo công khai")],
    "so-khoa-hoc-cong-nghe": [("Hướng dẫn người dân sử dụng dịch vụ công trực tuyến, thanh toán không dùng tiền mặt qua Tổ công nghệ số cộng đồng", "Phòng Chuyển đổi số", "UBND các huyện, thị xã, thành phố", "Quý II, Quý III/2025", "Báo cáo kết quả")],
    "so-nong-nghiep-moi-truong": [("Đối thoại, giải quyết vướng mắc về bồi thường, hỗ trợ, tái định cư", "Văn phòng Đăng ký đất đai", "UBND các huyện, thị xã, thành phố", "Quý II/2025", "Biên bản đối thoại")],
    "so-xay-dung": [("Tuyên truyền, vận động Nhân dân bàn giao mặt bằng các công trình giao thông trọng điểm", "Phòng Quản lý kết cấu hạ tầng giao thông", "UBND các huyện có dự án đi qua", "Thường xuyên", "Báo cáo tiến độ giải phóng mặt bằng")],
    "so-van-hoa-the-thao-du-lich": [("Hướng dẫn xây dựng đời sống văn hóa ở khu dân cư; tổ chức hoạt động văn hóa, thể thao phục vụ Nhân dân", "Phòng Quản lý văn hóa và gia đình", "Trung tâm Văn hóa nghệ thuật", "Quý II, Quý III/2025", "Báo cáo kết quả")],
    "so-dan-toc-ton-giao": [("Thăm, làm việc với chức sắc, chức việc các tôn giáo và người có uy tín trong đồng bào dân tộc thiểu số", "Phòng Quản lý tôn giáo", "Phòng Công tác dân tộc", "Dịp lễ, Tết", "Báo cáo kết quả")],
    "so-ngoai-vu": [("Tuyên truyền pháp luật về biên giới quốc gia, quy chế khu vực biên giới cho Nhân dân các xã biên giới", "Phòng Quản lý biên giới", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Quý II/2025", "Báo cáo kết quả tuyên truyền")],
    "thanh-tra-tinh": [("Thanh tra trách nhiệm thực hiện pháp luật về tiếp công dân, giải quyết khiếu nại, tố cáo", "Phòng Nghiệp vụ 1", "Các sở, ngành liên quan", "Quý III/2025", "Kết luận thanh tra")],
    "van-phong-ubnd-tinh": [("Tổ chức tiếp công dân thường xuyên; phục vụ Chủ tịch UBND tỉnh tiếp công dân định kỳ", "Ban Tiếp công dân tỉnh", "Thanh tra tỉnh, các sở, ngành", "Hằng tháng", "Thông báo kết luận tiếp công dân")],
    "ban-quan-ly-khu-kinh-te": [("Đối thoại với doanh nghiệp và người lao động trong các khu công nghiệp", "Phòng Quản lý doanh nghiệp", "Công đoàn các khu công nghiệp", "Quý III/2025", "Biên bản đối thoại")],
    "truong-cao-dang-su-pham": [("Giáo dục chính trị tư tưởng, đạo đức nhà giáo cho học sinh, sinh viên", "Phòng Công tác học sinh, sinh viên", "Đoàn Thanh niên Trường", "Năm học 2025 - 2026", "Báo cáo kết quả")],
    "bao-phat-thanh-truyen-hinh": [("Duy trì chuyên trang, chuyên mục tuyên truyền về công tác dân vận chính quyền và gương điển hình Dân vận khéo", "Ban Thời sự", "Các phòng, ban chuyên môn", "Hằng tháng", "Tin, bài, phóng sự")],
    "ban-ql-khu-du-lich-nui-ba-den": [("Vận động hộ kinh doanh khu vực chân núi thực hiện văn minh thương mại; tiếp nhận, xử lý phản ánh của du khách", "Đội Kiểm tra, bảo vệ", "UBND thành phố Tây Ninh", "Mùa lễ hội, thường xuyên", "Báo cáo kết quả")],
    "trung-tam-phuc-vu-hanh-chinh-cong": [("Khảo sát mức độ hài lòng của người dân, doanh nghiệp đối với việc giải quyết thủ tục hành chính", "Phòng Kiểm soát thủ tục hành chính", "Các sở, ngành có thủ tục hành chính", "Quý III/2025", "Báo cáo kết quả khảo sát")],
    "cong-an-tinh": [("Xây dựng phong trào Toàn dân bảo vệ an ninh Tổ quốc; nhân rộng mô hình tự quản về an ninh trật tự", "Phòng Tham mưu", "Công an các xã, phường, thị trấn", "Thường xuyên", "Báo cáo sơ kết, tổng kết")],
    "bo-chi-huy-quan-su": [("Phối hợp tuyên truyền, vận động thanh niên thực hiện nghĩa vụ quân sự; chăm lo chính sách hậu phương quân đội", "Phòng Chính trị", "Ban Chỉ huy Quân sự cấp huyện", "Quý I, Quý IV/2025", "Báo cáo kết quả")],
    "bao-hiem-xa-hoi": [("Tuyên truyền, vận động người dân tham gia bảo hiểm xã hội tự nguyện, bảo hiểm y tế hộ gia đình", "Phòng Truyền thông và Phát triển đối tượng", "Bưu điện tỉnh, UBND các xã, phường, thị trấn", "Thường xuyên", "Hội nghị tuyên truyền, báo cáo kết quả")],
    "kho-bac-nha-nuoc": [("Hướng dẫn đơn vị sử dụng ngân sách thực hiện dịch vụ công trực tuyến kiểm soát chi", "Phòng Kiểm soát chi", "Các phòng giao dịch", "Quý I, Quý II/2025", "Hội nghị hướng dẫn")],
    "cuc-thue": [("Tổ chức đối thoại với doanh nghiệp, hộ kinh doanh về chính sách thuế, hóa đơn điện tử", "Phòng Tuyên truyền và Hỗ trợ người nộp thuế", "Các Thuế cơ sở", "Quý II, Quý III/2025", "Biên bản đối thoại")],
}


def build_agencies():
    out = []
    for a in AGENCIES:
        a = dict(a)
        a.setdefault("chu_quan", UBT)
        a.setdefault("kind", "so")
        out.append(a)
    for (aid, loai, dv, (np, nx, ntt), xa, bien_gioi, cb, tthc) in HUYEN:
        cap = loai  # "thành phố" | "thị xã" | "huyện"
        cap_up = cap.upper()
        if loai == "huyện":
            xa_word, xa_word_cap = "các xã, thị trấn", "xã, thị trấn"
        else:
            xa_word, xa_word_cap = "các phường, xã", "phường, xã"
        uy = {"thành phố": "Thành ủy", "thị xã": "Thị ủy", "huyện": "Huyện ủy"}[loai]
        parts = []
        if np:
            parts.append(f"{np:02d} phường")
        if ntt:
            parts.append(f"{ntt:02d} thị trấn")
        parts.append(f"{nx:02d} xã")
        so_cq = {"thành phố": 11, "thị xã": 10, "huyện": 10}[loai]
        so_dv = {"thành phố": 6, "thị xã": 5, "huyện": 4}[loai]
        dvhc = np + nx + ntt
        dac = (f"{cap.capitalize()} {dv} có {dvhc:02d} đơn vị hành chính cấp xã ({', '.join(parts)}); "
               f"Ủy ban nhân dân {cap} có {so_cq:02d} cơ quan chuyên môn và {so_dv:02d} đơn vị sự nghiệp trực thuộc; "
               f"tổng số cán bộ, công chức, viên chức cấp huyện và cấp xã là {{N}} người.")
        dac2 = None
        if bien_gioi:
            dac2 = f"{cap.capitalize()} có đường biên giới tiếp giáp Vương quốc Campuchia; đồng bào dân tộc thiểu số và tôn giáo sinh sống xen kẽ, công tác vận động quần chúng có nhiều đặc thù."
        elif dv == "Hòa Thành":
            dac2 = "Trên địa bàn có Tòa Thánh Tây Ninh, nơi thường xuyên diễn ra các lễ hội tôn giáo lớn với đông đảo tín đồ, du khách tham dự."
        out.append(dict(
            id=aid, kind="huyen", khoi="ubnd-huyen", chu_quan=[],
            ten=["ỦY BAN NHÂN DÂN", f"{cap_up} {dv.upper()}"],
            ten_day_du=f"Ủy ban nhân dân {cap} {dv}", ten_ngan=f"Ủy ban nhân dân {cap} {dv}",
            ky_hieu="UBND", dia_danh=dv, dvst="NV",
            cv=("ct", "Chủ tịch", "pct", "Phó Chủ tịch"),
            cbccvc=cb, tthc=(tthc[0] // 2, tthc[1] // 2), online=(0.45, 0.82),
            don=(60, 230), pakn=(40, 180), luot=(90, 320),
            linh_vuc="đất đai, hộ tịch, đăng ký kinh doanh hộ cá thể, xây dựng",
            cap=cap, dv=dv, xa_word=xa_word, xa_word_cap=xa_word_cap, uy=uy, xa=xa, bien_gioi=bien_gioi,
            lanh_dao=f"Thường trực Ủy ban nhân dân {cap}", vp="Phòng Nội vụ",
            cm="Các cơ quan chuyên môn", all=f"Các cơ quan chuyên môn, UBND {xa_word}",
            tiep_dan=f"Ban Tiếp công dân {cap}", mot_cua=f"Bộ phận Một cửa {cap}",
            cong_doan="Công đoàn cơ quan", doi_tuong="Nhân dân",
            dac_diem=dac, dac_diem2=dac2,
        ))
    for a in DVSN:
        a = dict(a)
        a.setdefault("chu_quan", UBT)
        a["kind"] = "dvsn"
        out.append(a)
    for a in TW:
        a = dict(a)
        a["kind"] = "tw"
        out.append(a)
    for a in out:
        a.setdefault("dia_danh", "Tây Ninh")
        a.setdefault("nguoi", "công chức, viên chức, người lao động" if a["kind"] != "huyen" else "cán bộ, công chức, viên chức")
        a.setdefault("lanh_dao", "Ban Giám đốc Sở")
        a.setdefault("vp", "Văn phòng Sở")
        a.setdefault("cm", "Các phòng chuyên môn")
        a.setdefault("all", "Các phòng, đơn vị thuộc Sở")
        a.setdefault("tiep_dan", a["vp"])
        a.setdefault("mot_cua", "Trung tâm Phục vụ hành chính công tỉnh")
        a.setdefault("cong_doan", "Công đoàn cơ sở")
        a.setdefault("doi_tuong", "người dân, doanh nghiệp")
        a.setdefault("military", False)
        a.setdefault("dac_diem2", None)
        a.setdefault("noi_nhan_lead", "Ban Giám đốc Sở")
        a.setdefault("noi_nhan_units", "Các phòng, đơn vị thuộc Sở")
    assert len(out) == 32, len(out)
    return out


# ---------------------------------------------------------------------------------------------
# Tên người
# ---------------------------------------------------------------------------------------------

HO = ["Nguyễn"] * 6 + ["Trần"] * 3 + ["Lê"] * 3 + ["Phạm", "Phạm", "Huỳnh", "Huỳnh", "Võ", "Võ", "Phan", "Đặng",
      "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lâm", "Châu", "Tạ", "Mai", "Đoàn", "Cao",
      "Lưu", "Thái", "Kiều", "La", "Quách", "Tô", "Hà", "Vương"]
DEM_NAM = ["Văn", "Văn", "Minh", "Thanh", "Hoàng", "Quốc", "Hữu", "Công", "Tấn", "Thành", "Trung", "Đức",
           "Ngọc", "Phước", "Kim", "Trọng", "Duy", "Chí", "Thái", "Hồng"]
TEN_NAM = ["Hùng", "Dũng", "Phong", "Tâm", "Nghĩa", "Trí", "Lộc", "Hải", "Khoa", "Tuấn", "Thắng", "Vinh",
           "Hiếu", "Bình", "Toàn", "Sang", "Phúc", "Hậu", "Khải", "Nhân", "Thuận", "Trọng", "Thạch", "Danh",
           "Luân", "Kiệt", "Cường", "Đạt", "Huy", "Long", "Tài", "Thiện", "Tùng", "Vũ", "Quân", "Hòa"]
DEM_NU = ["Thị", "Thị", "Thị Thu", "Thị Ngọc", "Thị Kim", "Thị Mỹ", "Thị Bích", "Ngọc", "Thanh", "Thị Thanh",
          "Kim", "Thị Hồng", "Thị Tuyết", "Mỹ"]
TEN_NU = ["Lan", "Hương", "Trang", "Hằng", "Nga", "Thảo", "Tuyết", "Loan", "Phượng", "Diễm", "Nhung", "Hạnh",
          "Dung", "Yến", "Vân", "Oanh", "Xuân", "Liên", "Trinh", "Ngân", "Thủy", "Huyền", "Mai", "Duyên"]


def make_name(rng, used):
    while True:
        ho = rng.choice(HO)
        if rng.random() < 0.3:
            dem, ten = rng.choice(DEM_NU), rng.choice(TEN_NU)
        else:
            dem, ten = rng.choice(DEM_NAM), rng.choice(TEN_NAM)
        if ten in dem.split():
            continue
        name = f"{ho} {dem} {ten}"
        if name in used or name in EXISTING_NAMES or name in AVOID_NAMES:
            continue
        used.add(name)
        return name


# ---------------------------------------------------------------------------------------------
# YAML viết tay
# ---------------------------------------------------------------------------------------------

SPECIAL_START = tuple("-?:,[]{}#&*!|>'\"%@`")
YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"}


def needs_quote(s, flow=False):
    if s == "" or s != s.strip():
        return True
    if s.startswith(SPECIAL_START):
        return True
    if ": " in s or " #" in s or '"' in s or "\\" in s or s.endswith(":"):
        return True
    if s.lower() in YAML_WORDS:
        return True
    if re.fullmatch(r"[-+]?[0-9][0-9_.,:eE+-]*", s):
        return True
    if flow and any(c in s for c in ",[]{}"):
        return True
    return False


def q(s, flow=False):
    s = unicodedata.normalize("NFC", s)
    if needs_quote(s, flow):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return s


def flow_list(items):
    # Nếu một dòng phải đặt trong ngoặc kép thì đặt cả danh sách cho đồng bộ.
    if any(needs_quote(unicodedata.normalize("NFC", x), flow=True) for x in items):
        return "[" + ", ".join('"' + unicodedata.normalize("NFC", x).replace("\\", "\\\\").replace('"', '\\"') + '"'
                               for x in items) + "]"
    return "[" + ", ".join(q(x, flow=True) for x in items) + "]"


def block_list(key, items, indent=""):
    lines = [f"{indent}{key}:"]
    for x in items:
        lines.append(f"{indent}  - {q(x)}")
    return lines


# ---------------------------------------------------------------------------------------------
# Số liệu
# ---------------------------------------------------------------------------------------------

FIELDS = ["van_ban_chi_dao", "cuoc_kiem_tra", "hoi_nghi_quan_triet", "cbccvc", "cbccvc_quan_triet",
          "noi_dung_cong_khai", "lay_y_kien", "tthc_tiep_nhan", "tthc_truc_tuyen", "tthc_giai_quyet",
          "tthc_dung_han", "thu_xin_loi", "tiep_cong_dan_buoi", "tiep_cong_dan_luot", "don_tiep_nhan",
          "don_thuoc_tham_quyen", "don_da_giai_quyet", "doi_thoai", "phan_anh_tiep_nhan",
          "phan_anh_da_xu_ly", "dan_van_kheo_dang_ky", "dan_van_kheo_cong_nhan", "cbccvc_ky_luat"]


def level(rng, rng_pair):
    lo, hi = rng_pair
    return rng.uniform(lo, hi)


def jit(rng, x, spread=0.15):
    return max(0, int(round(x * rng.uniform(1 - spread, 1 + spread))))


def make_profile(rng, a):
    """Mức bình quân một kỳ 5 tháng của cơ quan."""
    k = a["kind"]
    P = {}
    P["cb"] = rng.randint(*a["cbccvc"])
    if k == "huyen":
        P["vb"], P["kt"], P["hn"] = (10, 26), (2, 7), (3, 9)
        P["ck"], P["lyk"] = (16, 38), (5, 16)
        P["buoi"] = (10, 14)
        P["dt"] = (3, 8)
        P["dvk"] = (rng.randint(12, 36),)
        P["kl"] = [0, 0, 0, 0, 1, 1, 2]
    elif k == "tw":
        P["vb"], P["kt"], P["hn"] = (5, 14), (1, 4), (2, 6)
        P["ck"], P["lyk"] = (8, 18), (2, 6)
        P["buoi"] = (5, 7)
        P["dt"] = (1, 4)
        P["dvk"] = (rng.randint(2, 6),)
        P["kl"] = [0, 0, 1, 1, 2] if a["id"] == "cong-an-tinh" else [0, 0, 0, 0, 0, 1]
    else:
        P["vb"], P["kt"], P["hn"] = (3, 11), (0, 3), (1, 4)
        P["ck"], P["lyk"] = (6, 16), (1, 5)
        P["buoi"] = a.get("tcd_buoi", (5, 6))
        P["dt"] = (1, 3)
        P["dvk"] = (rng.choice([0, 1, 1, 2, 2, 2, 3]),)
        P["kl"] = [0, 0, 0, 0, 0, 0, 0, 1]
    P["tthc"] = level(rng, a["tthc"]) if a.get("tthc") else 0
    P["online"] = level(rng, a["online"]) if a.get("tthc") else 0
    # tỷ lệ trễ hạn: một số đơn vị 100% đúng hạn
    # (chỉ đơn vị ít hồ sơ mới có thể đạt tròn 100%)
    P["late"] = 0.0 if rng.random() < 0.25 and P["tthc"] < 3000 else rng.uniform(0.002, 0.022)
    P["don"] = level(rng, a["don"])
    P["don_tq"] = rng.uniform(0.2, 0.6) if a["kind"] not in ("huyen",) else rng.uniform(0.35, 0.7)
    if a["id"] == "thanh-tra-tinh":
        P["don_tq"] = rng.uniform(0.12, 0.25)
    P["pakn"] = level(rng, a["pakn"])
    P["luot"] = level(rng, a["luot"])
    return P


def period_block(rng, a, P):
    """Số liệu phát sinh trong một kỳ 5 tháng (cộng dồn được)."""
    b = {}
    b["van_ban_chi_dao"] = rng.randint(*P["vb"])
    b["cuoc_kiem_tra"] = rng.randint(*P["kt"])
    b["hoi_nghi_quan_triet"] = rng.randint(*P["hn"])
    b["lay_y_kien"] = rng.randint(*P["lyk"])
    T = jit(rng, P["tthc"], 0.1)
    on = min(T, int(round(T * min(0.999, P["online"] * rng.uniform(0.97, 1.03)))))
    gq = min(T, int(round(T * rng.uniform(0.955, 0.99)))) if T else 0
    late = int(round(gq * P["late"] * rng.uniform(0.6, 1.4)))
    late = min(late, int(gq * 0.025))
    dh = gq - late
    xl = late if late == 0 or rng.random() < 0.75 else late - rng.randint(0, min(2, late))
    b.update(tthc_tiep_nhan=T, tthc_truc_tuyen=on, tthc_giai_quyet=gq, tthc_dung_han=dh, thu_xin_loi=xl)
    b["tiep_cong_dan_buoi"] = rng.randint(*P["buoi"])
    b["tiep_cong_dan_luot"] = max(b["tiep_cong_dan_buoi"] // 3, jit(rng, P["luot"], 0.2))
    if P["luot"] < 6:
        b["tiep_cong_dan_luot"] = rng.randint(0, max(1, int(P["luot"] + 2)))
    D = jit(rng, P["don"], 0.2)
    b["don_tiep_nhan"] = D
    b["don_thuoc_tham_quyen"] = int(round(D * P["don_tq"] * rng.uniform(0.85, 1.15)))
    b["don_thuoc_tham_quyen"] = min(D, b["don_thuoc_tham_quyen"])
    b["doi_thoai"] = rng.randint(*P["dt"])
    b["phan_anh_tiep_nhan"] = jit(rng, P["pakn"], 0.2)
    b["cbccvc_ky_luat"] = rng.choice(P["kl"])
    return b


def make_figures(rng, a, P):
    b1 = period_block(rng, a, P)
    b2 = period_block(rng, a, P)
    cb = P["cb"]
    h, y = {}, {}
    # Không cộng dồn
    h["cbccvc"] = y["cbccvc"] = cb
    gap = 0 if rng.random() < 0.3 else rng.randint(1, max(2, int(cb * 0.04)))
    h["cbccvc_quan_triet"] = cb - gap
    y["cbccvc_quan_triet"] = cb - (0 if rng.random() < 0.6 else min(gap, rng.randint(0, 2)))
    ck = rng.randint(*P["ck"])
    h["noi_dung_cong_khai"] = ck
    y["noi_dung_cong_khai"] = ck + rng.randint(0, max(1, ck // 3))
    # Cộng dồn
    for f in ["van_ban_chi_dao", "cuoc_kiem_tra", "hoi_nghi_quan_triet", "lay_y_kien", "tthc_tiep_nhan",
              "tthc_truc_tuyen", "tthc_giai_quyet", "tthc_dung_han", "thu_xin_loi", "tiep_cong_dan_buoi",
              "tiep_cong_dan_luot", "don_tiep_nhan", "don_thuoc_tham_quyen", "doi_thoai",
              "phan_anh_tiep_nhan", "cbccvc_ky_luat"]:
        h[f] = b1[f]
        y[f] = b1[f] + b2[f]
    if a["kind"] == "huyen" or a["kind"] == "tw":
        h["cuoc_kiem_tra"] = max(1, h["cuoc_kiem_tra"])
        y["cuoc_kiem_tra"] = max(h["cuoc_kiem_tra"], y["cuoc_kiem_tra"])
    # Đơn: 6 tháng còn tồn, năm giải quyết gần hết
    h["don_da_giai_quyet"] = int(round(h["don_thuoc_tham_quyen"] * rng.uniform(0.72, 0.95)))
    y["don_da_giai_quyet"] = max(h["don_da_giai_quyet"],
                                 min(y["don_thuoc_tham_quyen"], int(round(y["don_thuoc_tham_quyen"] * rng.uniform(0.9, 1.0)))))
    h["phan_anh_da_xu_ly"] = int(round(h["phan_anh_tiep_nhan"] * rng.uniform(0.88, 1.0)))
    y["phan_anh_da_xu_ly"] = max(h["phan_anh_da_xu_ly"],
                                 min(y["phan_anh_tiep_nhan"], int(round(y["phan_anh_tiep_nhan"] * rng.uniform(0.95, 1.0)))))
    # Dân vận khéo
    dk = P["dvk"][0]
    h["dan_van_kheo_dang_ky"] = dk
    y["dan_van_kheo_dang_ky"] = dk + (rng.randint(0, max(1, dk // 4)) if dk else rng.choice([0, 0, 1]))
    h["dan_van_kheo_cong_nhan"] = 0 if rng.random() < 0.75 or dk == 0 else rng.randint(1, max(1, dk // 4))
    ydk = y["dan_van_kheo_dang_ky"]
    y["dan_van_kheo_cong_nhan"] = min(ydk, max(h["dan_van_kheo_cong_nhan"], int(round(ydk * rng.uniform(0.0, 0.7)))))
    return {f: h[f] for f in FIELDS}, {f: y[f] for f in FIELDS}


# ---------------------------------------------------------------------------------------------
# Câu chữ
# ---------------------------------------------------------------------------------------------

UU_DIEM = [
    "Công tác dân vận chính quyền được {lanh_dao_b} quan tâm lãnh đạo, chỉ đạo, gắn với thực hiện nhiệm vụ chính trị của {don_vi}.",
    "Người đứng đầu trực tiếp chỉ đạo, phân công rõ người, rõ việc; công tác dân vận được đưa vào chương trình công tác hằng tháng của {don_vi}.",
    "Việc thực hiện dân chủ trong hoạt động của {co_quan} được duy trì nền nếp; các nội dung phải công khai được công khai đầy đủ, kịp thời.",
    "Đội ngũ {nguoi} có tinh thần trách nhiệm, thái độ phục vụ {doi_tuong} chuyển biến tích cực; không có trường hợp gây phiền hà, sách nhiễu.",
    "Tiếp nhận, xử lý kịp thời phản ánh, kiến nghị của {doi_tuong} qua đường dây nóng, hộp thư góp ý và cổng thông tin điện tử.",
    "Chủ động phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội trong tuyên truyền, vận động Nhân dân.",
    "Việc sắp xếp tổ chức bộ máy được thực hiện đúng lộ trình, bảo đảm ổn định tư tưởng {nguoi}, không làm gián đoạn nhiệm vụ chuyên môn.",
]
UU_DIEM_TTHC = [
    "Thủ tục hành chính lĩnh vực {linh_vuc} được giải quyết nhanh, đúng quy định; tỷ lệ hồ sơ đúng hạn đạt cao.",
    "Tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến tăng so với cùng kỳ; việc số hóa hồ sơ, kết quả giải quyết được thực hiện đầy đủ.",
]
UU_DIEM_SPEC = {
    "huyen": [
        "Chủ tịch Ủy ban nhân dân {cap} duy trì tiếp công dân định kỳ, đối thoại trực tiếp với Nhân dân; nhiều vụ việc phức tạp được giải quyết dứt điểm tại cơ sở.",
        "Phong trào thi đua \"Dân vận khéo\" lan tỏa rộng khắp ở {xa_word}, nhiều mô hình thiết thực góp phần xây dựng nông thôn mới, đô thị văn minh.",
        "Quy chế dân chủ ở {xa_word} được thực hiện tốt; Nhân dân tích cực tham gia bàn bạc, giám sát các công trình, dự án ở khu dân cư.",
    ],
    "dvsn_noTTHC": [
        "Hội nghị viên chức, người lao động được tổ chức đúng quy định; các chế độ, chính sách đối với viên chức, người lao động được công khai, minh bạch.",
    ],
    "tw": [
        "Phối hợp chặt chẽ với cấp ủy, chính quyền địa phương trong tuyên truyền, vận động Nhân dân thực hiện chủ trương, chính sách của ngành.",
    ],
}
HAN_CHE = [
    "Việc xây dựng mô hình \"Dân vận khéo\" chưa đa dạng; chất lượng một số mô hình chưa cao, khả năng nhân rộng còn hạn chế.",
    "Công tác tuyên truyền về dân vận chính quyền có lúc chưa thường xuyên; hình thức tuyên truyền chưa phong phú.",
    "Công chức tham mưu công tác dân vận chủ yếu làm kiêm nhiệm, chưa được bồi dưỡng chuyên sâu về nghiệp vụ.",
    "Việc tiếp thu, phản hồi ý kiến góp ý của {nguoi} có lúc còn chậm.",
]
HAN_CHE_TTHC = [
    "Một số hồ sơ thủ tục hành chính lĩnh vực {linh_vuc_1} còn trễ hạn.",
    "Tỷ lệ hồ sơ nộp trực tuyến toàn trình ở một số lĩnh vực còn thấp; người dân lớn tuổi còn ngại sử dụng dịch vụ công trực tuyến.",
]
HAN_CHE_DON = [
    "Việc giải quyết một số đơn thư còn kéo dài do phải xác minh, lấy ý kiến của nhiều cơ quan.",
]
HAN_CHE_HUYEN = [
    "Một số vụ việc khiếu nại liên quan đến đất đai, bồi thường, giải phóng mặt bằng còn phức tạp, kéo dài.",
    "Hội nghị Nhân dân ở một số ấp, khu phố tỷ lệ người dân tham dự chưa cao.",
]
NN_KQ = [
    "*Khách quan:* khối lượng công việc tăng do tiếp nhận thêm chức năng, nhiệm vụ trong quá trình sắp xếp tổ chức bộ máy.",
    "*Khách quan:* hệ thống thông tin giải quyết thủ tục hành chính có thời điểm gián đoạn; việc kết nối, đồng bộ dữ liệu chưa ổn định.",
    "*Khách quan:* nhiều nhiệm vụ đột xuất phát sinh cùng thời điểm, nhất là trong giai đoạn sắp xếp đơn vị hành chính.",
    "*Khách quan:* một số vụ việc có nguồn gốc phức tạp, hồ sơ lưu trữ không đầy đủ, phải lấy ý kiến nhiều cơ quan.",
]
NN_CQ = [
    "*Chủ quan:* một số {nguoi} chưa chủ động, chưa thành thạo quy trình xử lý hồ sơ trên môi trường điện tử.",
    "*Chủ quan:* công tác kiểm tra, đôn đốc có lúc chưa thường xuyên; sự phối hợp giữa các bộ phận chưa chặt chẽ.",
    "*Chủ quan:* nhận thức của một bộ phận {nguoi} về công tác dân vận chính quyền chưa đầy đủ.",
]
NN_PLAIN = [
    "Công chức phụ trách công tác dân vận làm kiêm nhiệm, thay đổi vị trí việc làm sau sắp xếp tổ chức bộ máy.",
    "Kinh phí dành cho công tác dân vận, xây dựng mô hình còn hạn chế.",
]
PHUONG_HUONG = [
    "Tiếp tục quán triệt, triển khai thực hiện nghiêm các văn bản của Trung ương, của tỉnh về công tác dân vận chính quyền.",
    "Duy trì tiếp công dân định kỳ của người đứng đầu; giải quyết dứt điểm đơn thư, không để tồn đọng, kéo dài.",
    "Nhân rộng các mô hình \"Dân vận khéo\" có hiệu quả; đăng ký mô hình mới gắn với nhiệm vụ chuyên môn.",
    "Thực hiện nghiêm Luật Thực hiện dân chủ ở cơ sở; tổ chức hội nghị {nguoi} đúng quy định.",
    "Tăng cường kỷ luật, kỷ cương hành chính, văn hóa công vụ; kiên quyết xử lý hành vi nhũng nhiễu, gây phiền hà cho Nhân dân.",
    "Phối hợp chặt chẽ với Mặt trận Tổ quốc và các tổ chức chính trị - xã hội trong tuyên truyền, vận động Nhân dân.",
]
PHUONG_HUONG_TTHC = [
    "Nâng cao chất lượng giải quyết thủ tục hành chính; đẩy mạnh dịch vụ công trực tuyến toàn trình, thanh toán trực tuyến.",
    "Phấn đấu **100% hồ sơ** thủ tục hành chính được giải quyết đúng hạn; công khai xin lỗi khi để xảy ra trễ hạn.",
]
PHUONG_HUONG_HUYEN = [
    "Chỉ đạo Ủy ban nhân dân {xa_word} tổ chức tốt hội nghị Nhân dân ở ấp, khu phố; rà soát, thực hiện hương ước, quy ước.",
    "Bàn giao hồ sơ, tài liệu, bảo đảm tính liên tục trong giải quyết thủ tục hành chính, đơn thư khi sắp xếp đơn vị hành chính.",
]
KIEN_NGHI = [
    "Đề nghị Ủy ban nhân dân tỉnh quan tâm bố trí kinh phí tập huấn nghiệp vụ công tác dân vận cho đội ngũ công chức tham mưu.",
    "Đề nghị Sở Nội vụ tổ chức tập huấn, hướng dẫn thống nhất việc tự chấm điểm theo Quyết định số 908/QĐ-UBND ngày 14/4/2023.",
    "Đề nghị Ủy ban nhân dân tỉnh chỉ đạo nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh, bảo đảm kết nối, đồng bộ dữ liệu ổn định.",
    "Đề nghị Sở Nội vụ kịp thời biểu dương, khen thưởng các mô hình \"Dân vận khéo\" tiêu biểu.",
    "Đề nghị sớm có hướng dẫn về thực hiện công tác dân vận chính quyền sau khi sắp xếp tổ chức bộ máy, đơn vị hành chính.",
]
BAI_HOC = [
    "Người đứng đầu phải trực tiếp lãnh đạo, chỉ đạo và thường xuyên kiểm tra thì công tác dân vận mới đi vào thực chất.",
    "Gắn công tác dân vận với nhiệm vụ chuyên môn, lấy sự hài lòng của {doi_tuong} làm thước đo hiệu quả.",
    "Phát huy dân chủ, lắng nghe ý kiến {nguoi} và Nhân dân là yếu tố tạo sự đồng thuận.",
    "Phân công rõ người, rõ việc, rõ thời gian, rõ trách nhiệm; thường xuyên kiểm tra, đôn đốc.",
    "Phối hợp chặt chẽ với Mặt trận Tổ quốc và các đoàn thể giúp công tác vận động Nhân dân đạt hiệu quả.",
]


def fmt(s, a, extra=None):
    d = dict(
        lanh_dao=a["lanh_dao"], lanh_dao_b=a["lanh_dao"], nguoi=a["nguoi"], doi_tuong=a["doi_tuong"],
        linh_vuc=a.get("linh_vuc", ""), linh_vuc_1=(a.get("linh_vuc", "").split(", ")[0]),
        cap=a.get("cap", ""), xa_word=a.get("xa_word", ""),
        don_vi={"huyen": "địa phương", "tw": "ngành", "dvsn": "đơn vị", "so": "ngành"}[a["kind"]],
        co_quan="đơn vị" if a["kind"] == "dvsn" else "cơ quan",
    )
    if extra:
        d.update(extra)
    return s.format(**d)


def pick(rng, pool, k):
    return rng.sample(pool, min(k, len(pool)))


def report_texts(rng, a, fig, annual, mo_hinh):
    has_tthc = fig["tthc_tiep_nhan"] > 0
    late = fig["tthc_giai_quyet"] - fig["tthc_dung_han"]
    bold = rng.random() < 0.25
    extra = {"lanh_dao_b": f"**{a['lanh_dao']}**" if bold else a["lanh_dao"]}
    # Ưu điểm: 2–3
    pool = list(UU_DIEM[1:])
    if a["kind"] == "huyen":
        pool += UU_DIEM_SPEC["huyen"] * 2
    elif a["kind"] == "tw":
        pool += UU_DIEM_SPEC["tw"]
    if has_tthc:
        pool += UU_DIEM_TTHC * 2
    elif a["kind"] == "dvsn":
        pool += UU_DIEM_SPEC["dvsn_noTTHC"]
    first = UU_DIEM[0] if rng.random() < 0.6 else None
    n = rng.randint(2, 3)
    chosen = ([first] if first else [])
    for s in rng.sample(pool, len(pool)):
        if len(chosen) >= n:
            break
        if s not in chosen:
            chosen.append(s)
    uu = [fmt(s, a, extra) for s in chosen]
    # Hạn chế: 1–2
    pool = list(HAN_CHE)
    if has_tthc and late > 0:
        pool.append(HAN_CHE_TTHC[0])
    if has_tthc and fig["tthc_truc_tuyen"] < 0.85 * fig["tthc_tiep_nhan"]:
        pool.append(HAN_CHE_TTHC[1])
    if fig["don_da_giai_quyet"] < fig["don_thuoc_tham_quyen"]:
        pool += HAN_CHE_DON
    if a["kind"] == "huyen":
        pool += HAN_CHE_HUYEN
    if fig["dan_van_kheo_dang_ky"] == 0:
        pool = ["Chưa đăng ký, xây dựng được mô hình \"Dân vận khéo\" gắn với nhiệm vụ chuyên môn."] + [p for p in pool if "Dân vận khéo" not in p]
        hc = [pool[0]] + pick(rng, pool[1:], rng.randint(0, 1))
    else:
        hc = pick(rng, pool, rng.randint(1, 2))
    hc = [fmt(s, a) for s in hc]
    # Nguyên nhân: 1–2
    r = rng.random()
    if r < 0.55:
        nn = [rng.choice(NN_KQ), rng.choice(NN_CQ)]
    elif r < 0.8:
        nn = [rng.choice(NN_CQ)]
    else:
        nn = [rng.choice(NN_PLAIN)]
    nn = [fmt(s, a) for s in nn]
    # Phương hướng: 2–3
    pool = list(PHUONG_HUONG)
    if has_tthc:
        pool += PHUONG_HUONG_TTHC
    if a["kind"] == "huyen":
        pool += [PHUONG_HUONG_HUYEN[0]] + ([PHUONG_HUONG_HUYEN[1]] if not annual else [])
    ph = [fmt(s, a) for s in pick(rng, pool, rng.randint(2, 3))]
    # nhấn mạnh (**…**) chỉ thỉnh thoảng
    ph = [p if rng.random() < 0.2 else p.replace("**", "") for p in ph]
    if annual:
        ph[0] = "Năm 2026, " + ph[0][0].lower() + ph[0][1:]
    # Kiến nghị: 0–2
    kn = pick(rng, KIEN_NGHI, rng.choice([0, 1, 1, 2]))
    return uu, hc, nn, ph, kn


def score_for(rng, a, fig_y, plan_late, r6_late):
    s = rng.uniform(91.0, 97.0)
    if plan_late:
        s -= 2.0
    if r6_late:
        s -= 1.5
    # kỷ luật: trừ theo tỷ lệ trên quy mô đơn vị
    if fig_y["cbccvc_ky_luat"]:
        s -= 0.5 + min(2.0, 1000.0 * fig_y["cbccvc_ky_luat"] / max(1, fig_y["cbccvc"]) / 2)
    if fig_y["dan_van_kheo_dang_ky"] == 0:
        s -= 3.0
    if fig_y["dan_van_kheo_cong_nhan"] > 0:
        s += 0.5
    if rng.random() < 0.06:
        s -= rng.uniform(3, 6)
    s = max(80.0, min(98.0, s))
    s = round(s * 2) / 2
    return s


def fmt_score(s):
    if s == int(s):
        return str(int(s))
    return f"{s:.1f}".replace(".", ",")


def tu_danh_gia(rng, a, s):
    cls = "Tốt" if s >= 90 else "Khá"
    sc = fmt_score(s)
    ht = "hoàn thành tốt nhiệm vụ" if cls == "Tốt" else "hoàn thành nhiệm vụ"
    forms = [
        f"{a['ten_ngan']} tự đánh giá {ht} công tác dân vận chính quyền năm 2025, tự chấm {sc} điểm, đề nghị xếp loại {cls}.",
        f"Căn cứ tiêu chí tại Quyết định số 908/QĐ-UBND, {a['ten_ngan']} tự chấm {sc}/100 điểm, đề nghị xếp loại {cls} trong thực hiện công tác dân vận chính quyền năm 2025.",
        f"Năm 2025, {a['ten_ngan']} {ht} công tác dân vận chính quyền; tự chấm {sc} điểm, đề nghị xếp loại {cls}.",
    ]
    return rng.choice(forms)


# ---------------------------------------------------------------------------------------------
# Kế hoạch
# ---------------------------------------------------------------------------------------------

def chi_tieu(rng, a, P):
    out = []
    tn = a["ten_ngan"]
    if a["kind"] == "huyen":
        pool = [
            f"100% Ủy ban nhân dân {a['xa_word']} xây dựng và triển khai kế hoạch thực hiện công tác dân vận chính quyền năm 2025",
            f"Mỗi {a['xa_word_cap']} xây dựng ít nhất 01 mô hình \"Dân vận khéo\" trong năm",
            f"Phấn đấu trên 98% hồ sơ thủ tục hành chính cấp {a['cap']} và cấp xã được giải quyết đúng hạn",
            f"Chủ tịch Ủy ban nhân dân {a['cap']} đối thoại trực tiếp với Nhân dân ít nhất 02 lần trong năm",
            "100% đơn thư khiếu nại, tố cáo thuộc thẩm quyền được xem xét, giải quyết đúng thời hạn",
        ]
    else:
        pool = [
            "100% đơn thư thuộc thẩm quyền được xem xét, giải quyết đúng thời hạn quy định",
            f"100% phản ánh, kiến nghị của {a['doi_tuong']} được tiếp nhận, xử lý hoặc hướng dẫn kịp thời",
            f"Không có {a['nguoi'].split(', ')[0]} bị xử lý kỷ luật do nhũng nhiễu, gây phiền hà cho Nhân dân",
        ]
        n_mh = max(1, P["dvk"][0])
        pool.append(f"Xây dựng ít nhất {n_mh:02d} mô hình \"Dân vận khéo\" trong năm")
        if a.get("tthc"):
            pct = rng.choice(["100%", "Trên 98%", "Trên 99%"])
            pool.append(f"{pct} hồ sơ thủ tục hành chính thuộc thẩm quyền của {tn} được giải quyết đúng hạn")
            pool.append(f"Tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến đạt từ {int(round(P['online'] * 100 / 5) * 5 - 5)}% trở lên")
        if a["kind"] == "dvsn" and not a.get("tthc"):
            pool.append(f"100% {a['nguoi']} được học tập, quán triệt Quy chế thực hiện dân chủ trong hoạt động của đơn vị")
    k = rng.randint(1, 3)
    out = pick(rng, pool, k)
    # giữ thứ tự như trong pool
    return [p for p in pool if p in out]


def plan_tasks(rng, a, late_plan):
    vp, cm, all_ = a["vp"], a["cm"], a["all"]
    q1 = "Tháng 4/2025" if late_plan else "Quý I/2025"
    has_tthc = bool(a.get("tthc"))
    T = {}
    T["quan_triet"] = (f"Quán triệt Kế hoạch và các văn bản về công tác dân vận chính quyền đến toàn thể {a['nguoi']}",
                       vp, all_, q1, rng.choice(["Hội nghị quán triệt", "Biên bản hội nghị quán triệt"]))
    T["quy_che"] = (f"Rà soát, cập nhật Quy chế thực hiện dân chủ trong hoạt động của {'cơ quan' if a['kind'] != 'dvsn' else 'đơn vị'}",
                    vp, a["cong_doan"], rng.choice(["Tháng 4/2025", "Quý II/2025"]), "Quyết định ban hành Quy chế")
    if a["military"]:
        T["hoi_nghi"] = ("Tổ chức Hội nghị quân nhân, hội nghị cán bộ, chiến sĩ năm 2025", vp, a["cong_doan"], q1, "Nghị quyết Hội nghị")
    else:
        T["hoi_nghi"] = (f"Tổ chức Hội nghị {'cán bộ, công chức' if a['kind'] != 'dvsn' else 'viên chức, người lao động'} năm 2025",
                         vp, a["cong_doan"], q1, "Nghị quyết Hội nghị")
    if has_tthc:
        T["tthc"] = (f"Giải quyết thủ tục hành chính lĩnh vực {a['linh_vuc']} đúng hạn; gửi thư xin lỗi khi trễ hạn",
                     cm, a["mot_cua"], "Thường xuyên", "Báo cáo kết quả giải quyết thủ tục hành chính hằng tháng")
    T["tiep_dan"] = ("Tiếp công dân định kỳ của người đứng đầu; tiếp nhận, giải quyết đơn thư, phản ánh, kiến nghị đúng quy định",
                     a["tiep_dan"], cm, "Định kỳ hằng tháng", "Sổ tiếp công dân, thông báo kết luận")
    T["doi_thoai"] = (f"Tổ chức đối thoại giữa người đứng đầu với {a['doi_tuong']}", vp, cm,
                      rng.choice(["Quý II/2025", "Quý III/2025"]), "Biên bản đối thoại")
    spec = TASKS_SPECIFIC.get(a["id"])
    if a["kind"] == "huyen":
        spec = [
            (f"Chỉ đạo tổ chức hội nghị Nhân dân ở ấp, khu phố; rà soát hương ước, quy ước", "Phòng Nội vụ",
             f"UBND {a['xa_word']}", "Quý II/2025", "Báo cáo kết quả"),
            (f"Phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam {a['cap']} và các đoàn thể tuyên truyền, vận động Nhân dân",
             f"Văn phòng HĐND và UBND {a['cap']}", f"Ủy ban MTTQ Việt Nam {a['cap']}", "Thường xuyên", "Chương trình phối hợp"),
        ]
    T["dvk"] = ("Đăng ký, xây dựng mô hình \"Dân vận khéo\"", vp, all_, "Tháng 5/2025", "Danh sách mô hình đăng ký")
    noi_kt = ("Ủy ban nhân dân " + a["xa_word"]) if a["kind"] == "huyen" else all_[0].lower() + all_[1:]
    T["kiem_tra"] = (f"Kiểm tra việc thực hiện công tác dân vận chính quyền tại {noi_kt}",
                     vp, cm, "Quý III/2025", "Báo cáo kết quả kiểm tra")
    T["bao_cao"] = ("Tổng hợp, báo cáo kết quả công tác dân vận chính quyền 6 tháng, năm; tự đánh giá, chấm điểm",
                    vp, cm, "Theo Kế hoạch của tỉnh", "Báo cáo 6 tháng, báo cáo năm, hồ sơ chấm điểm")
    must = ["quan_triet"] + (["tthc"] if has_tthc else []) + ["tiep_dan", "dvk", "bao_cao"]
    optional = ["quy_che", "hoi_nghi", "doi_thoai", "kiem_tra"]
    n_spec = len(spec) if a["kind"] == "huyen" else 1
    target = rng.randint(5, 8)
    n_opt = max(0, min(len(optional), target - len(must) - n_spec))
    opts = set(rng.sample(optional, n_opt))
    order = ["quan_triet", "quy_che", "hoi_nghi", "tthc", "tiep_dan", "doi_thoai", "SPEC", "dvk", "kiem_tra", "bao_cao"]
    rows = []
    for key in order:
        if key == "SPEC":
            rows.extend(spec[:n_spec])
        elif key in must or key in opts:
            rows.append(T[key])
    return rows


# ---------------------------------------------------------------------------------------------
# Ngày
# ---------------------------------------------------------------------------------------------

def weekdays(start, end):
    d, out = start, []
    while d <= end:
        if d.weekday() < 5:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


# ---------------------------------------------------------------------------------------------
# Ghi tệp
# ---------------------------------------------------------------------------------------------

def write(path, lines):
    text = "\n".join(unicodedata.normalize("NFC", l) for l in lines) + "\n"
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def co_quan_lines(a, names, default_ma, noi_nhan):
    L = [f"ten: {flow_list(a['ten'])}"]
    if a["chu_quan"]:
        L.append(f"co_quan_chu_quan: {flow_list(a['chu_quan'])}")
    L += [f"ten_day_du: {q(a['ten_day_du'])}", f"ky_hieu: {q(a['ky_hieu'])}", f"dia_danh: {q(a['dia_danh'])}",
          f"khoi: {a['khoi']}", f"don_vi_soan_thao: {q(a['dvst'])}", "nguoi_ky:"]
    ma1, cv1, ma2, cv2 = a["cv"]
    if a["kind"] == "huyen":
        L += [f"  - ma: {ma1}", "    quyen_han: TM.", "    chuc_vu_thu_truong: Ủy ban nhân dân",
              f"    chuc_vu: {cv1}", f"    ho_ten: {names[0]}"]
    else:
        L += [f"  - ma: {ma1}", f"    chuc_vu: {q(cv1)}", f"    ho_ten: {names[0]}"]
    L += [f"  - ma: {ma2}"]
    if a["kind"] == "huyen":
        # A deputy of a UBND signs "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH".
        L.append("    thay_mat: Ủy ban nhân dân")
    L += ["    quyen_han: KT.", f"    chuc_vu_thu_truong: {q(cv1)}", f"    chuc_vu: {q(cv2)}",
          f"    ho_ten: {names[1]}"]
    L.append(f"nguoi_ky_mac_dinh: {default_ma}")
    L += block_list("noi_nhan", noi_nhan)
    return L


def task_lines(rows):
    L = ["phan_cong:"]
    for (nd, ct, ph, tg, sp) in rows:
        L += [f"  - noi_dung: {q(nd)}", f"    chu_tri: {q(ct)}", f"    phoi_hop: {q(ph)}",
              f"    thoi_gian: {q(tg)}", f"    san_pham: {q(sp)}"]
    return L


def report_lines(so, ngay, dac, fig, mo_hinh, uu, hc, nn, ph, kn, bai_hoc=None, tdg=None):
    L = [f"so: {so}", f"ngay: {ngay.isoformat()}"]
    L += block_list("dac_diem", dac)
    L.append("so_lieu:")
    for f in FIELDS:
        L.append(f"  {f}: {fig[f]}")
    if mo_hinh:
        L += ["ket_qua:"] + block_list("dan_van_kheo", ["Mô hình “%s”." % m for m in mo_hinh], "  ")
    L += block_list("uu_diem", uu)
    L += block_list("han_che", hc)
    L += block_list("nguyen_nhan", nn)
    L += block_list("phuong_huong", ph)
    L += block_list("kien_nghi", kn) if kn else ["kien_nghi: []"]
    if bai_hoc is not None:
        L += block_list("bai_hoc", bai_hoc)
    if tdg is not None:
        L.append(f"tu_danh_gia: {q(tdg)}")
    return L


def noi_nhan_for(rng, a):
    if a["kind"] == "huyen":
        return ["UBND tỉnh (b/c)", "Sở Nội vụ", f"TT. {a['uy']}, TT. HĐND {a['cap']}",
                f"Ban Tuyên giáo và Dân vận {a['uy']}", f"Các cơ quan, đơn vị thuộc UBND {a['cap']}",
                f"UBND {a['xa_word']}"]
    out = []
    if a.get("noi_nhan_up"):
        out.append(a["noi_nhan_up"])
    out += ["UBND tỉnh (b/c)", "Sở Nội vụ"]
    if rng.random() < 0.75:
        out.append("Ban Tuyên giáo và Dân vận Tỉnh ủy")
    lead = a["noi_nhan_lead"]
    if lead == "Ban Giám đốc Sở" and rng.random() < 0.4:
        lead = "Lãnh đạo Sở"
    out += [lead, a["noi_nhan_units"]]
    while len(out) > 5:
        out.remove("Ban Tuyên giáo và Dân vận Tỉnh ủy")
    return out


def generate(out_dir):
    rng = random.Random(2025)
    agencies = build_agencies()
    used_names = set()
    ids = [a["id"] for a in agencies]
    assert len(set(ids)) == len(ids)
    for aid in ids:
        assert aid not in PROTECTED and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", aid), aid

    # Ai nộp muộn: 3 kế hoạch, 2 báo cáo 6 tháng.
    late_plan = set(rng.sample(ids, 3))
    late_r6 = set(rng.sample([i for i in ids if i not in late_plan], 2))

    plan_days = weekdays(dt.date(2025, 3, 10), dt.date(2025, 3, 28))
    late_plan_days = [dt.date(2025, 3, 31), dt.date(2025, 4, 2), dt.date(2025, 4, 4), dt.date(2025, 4, 7)]
    # Số liệu 6 tháng chốt ngày 14/5: báo cáo đề ngày từ 14/5 đến 19/5.
    r6_days = weekdays(dt.date(2025, 5, 14), dt.date(2025, 5, 19))
    late_r6_days = [dt.date(2025, 5, 21), dt.date(2025, 5, 22), dt.date(2025, 5, 26)]
    ry_days = weekdays(dt.date(2025, 10, 15), dt.date(2025, 10, 31))

    summary = []
    for a in agencies:
        P = make_profile(rng, a)
        names = [make_name(rng, used_names), make_name(rng, used_names)]
        ma1, _, ma2, _ = a["cv"]
        default_ma = ma1 if rng.random() < 0.4 else ma2
        noi_nhan = noi_nhan_for(rng, a)

        is_late_plan = a["id"] in late_plan
        is_late_r6 = a["id"] in late_r6
        kh_so = rng.randint(2, 60)
        kh_ngay = rng.choice(late_plan_days if is_late_plan else plan_days)
        if a["kind"] == "huyen":
            r6_so, ry_extra = rng.randint(180, 820), rng.randint(250, 700)
        elif a["kind"] == "tw":
            r6_so, ry_extra = rng.randint(90, 640), rng.randint(150, 800)
        else:
            r6_so, ry_extra = rng.randint(40, 260), rng.randint(80, 320)
        r6_ngay = rng.choice(late_r6_days if is_late_r6 else r6_days)
        ry_ngay = rng.choice(ry_days)

        fig6, figy = make_figures(rng, a, P)
        N = fig6["cbccvc"]
        dac = [a["dac_diem"].format(N=f"{N:,}".replace(",", "."))]
        if a["dac_diem2"] and rng.random() < 0.8:
            dac.append(a["dac_diem2"])

        # Mô hình: tên cụ thể, không quá số đăng ký và không quá 3.
        if a["kind"] == "huyen":
            pool = [m.format(xa=x) for m, x in zip(rng.sample(MO_HINH_HUYEN, 3), rng.sample(a["xa"], 3))]
        else:
            pool = list(MO_HINH[a["id"]])
        k6 = min(len(pool), fig6["dan_van_kheo_dang_ky"], rng.randint(0, 3) if a["kind"] != "huyen" else rng.randint(1, 3))
        mh6 = pool[:k6]
        ky = min(len(pool), figy["dan_van_kheo_dang_ky"], max(k6, k6 + rng.choice([0, 0, 1])))
        mhy = pool[:ky]

        uu6, hc6, nn6, ph6, kn6 = report_texts(rng, a, fig6, False, mh6)
        uuy, hcy, nny, phy, kny = report_texts(rng, a, figy, True, mhy)
        bh = [fmt(rng.choice(BAI_HOC), a)]
        score = score_for(rng, a, figy, is_late_plan, is_late_r6)
        tdg = tu_danh_gia(rng, a, score)

        ct = chi_tieu(rng, a, P)
        tasks = plan_tasks(rng, a, is_late_plan)

        d = os.path.join(out_dir, a["id"])
        os.makedirs(d, exist_ok=True)
        write(os.path.join(d, "co-quan.yaml"), co_quan_lines(a, names, default_ma, noi_nhan))
        kh = [f"so: {kh_so}", f"ngay: {kh_ngay.isoformat()}"] + block_list("chi_tieu", ct) + task_lines(tasks)
        write(os.path.join(d, "ke-hoach.yaml"), kh)
        write(os.path.join(d, "bao-cao-6-thang.yaml"),
              report_lines(r6_so, r6_ngay, dac, fig6, mh6, uu6, hc6, nn6, ph6, kn6))
        write(os.path.join(d, "bao-cao-nam.yaml"),
              report_lines(r6_so + ry_extra, ry_ngay, dac, figy, mhy, uuy, hcy, nny, phy, kny, bh, tdg))
        summary.append((a["id"], kh_ngay, r6_ngay, fmt_score(score)))
    return summary


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(here, "..", "data"))
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args()
    out = os.path.normpath(args.out)
    summary = generate(out)
    if not args.quiet:
        for (aid, kh, r6, sc) in summary:
            print(f"{aid:36s} KH {kh}  BC6T {r6}  tự chấm {sc}")
        print(f"{len(summary)} cơ quan, {4 * len(summary)} tệp -> {out}")


if __name__ == "__main__":
    sys.exit(main())
