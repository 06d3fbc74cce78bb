//! The life of a document between an agency and the reporting body, in one place: its
//! states, the acts that move it, and who may do each. The server asks `next` before it
//! acts and writes the transition to the audit log; nothing else decides.
//!
//! chưa có → đang soạn → đã gửi → (trả lại → đang sửa → gửi lại) → đã tiếp nhận / đã thẩm
//! định; a closed period (khóa số liệu) stops sending until the reporting body reopens it.

use crate::province::submitted::Sent;

/// Where a document stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// No file yet.
    ChuaCo,
    /// A draft, never sent.
    DangSoan,
    /// Sent; the agency's file is what it sent.
    DaGui,
    /// Sent, and the agency has changed its file since: the changes are a draft.
    DaGuiCoThayDoi,
    /// Returned by the reporting body, not changed yet.
    TraLai,
    /// Returned, and the agency is changing it.
    DangSua,
    /// Accepted as it is by the reporting body.
    DaTiepNhan,
    /// A dossier appraised by the reporting body.
    DaThamDinh,
}

impl State {
    /// As a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            State::ChuaCo => "chưa có",
            State::DangSoan => "đang soạn",
            State::DaGui => "đã gửi",
            State::DaGuiCoThayDoi => "đã gửi, có thay đổi chưa gửi",
            State::TraLai => "bị trả lại",
            State::DangSua => "bị trả lại, đang sửa",
            State::DaTiepNhan => "đã tiếp nhận",
            State::DaThamDinh => "đã thẩm định",
        }
    }

    /// Sent and not returned: what the province counts.
    pub fn counted(self) -> bool {
        matches!(
            self,
            State::DaGui | State::DaGuiCoThayDoi | State::DaTiepNhan | State::DaThamDinh
        )
    }
}

/// The acts on a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    /// Save a draft (the agency's own file).
    LuuNhap,
    /// Send to the reporting body (first time or again).
    Gui,
    /// Return to the agency with a reason.
    TraLai,
    /// Accept as it is.
    TiepNhan,
    /// Appraise a dossier (scores, or keep the self-scores).
    ThamDinh,
}

impl Act {
    /// As written in the audit log.
    pub fn label(self) -> &'static str {
        match self {
            Act::LuuNhap => "lưu nháp",
            Act::Gui => "gửi",
            Act::TraLai => "trả lại",
            Act::TiepNhan => "tiếp nhận",
            Act::ThamDinh => "thẩm định",
        }
    }
}

/// Who acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// The agency that owns the document.
    CoQuan,
    /// The reporting body's desk.
    SoNoiVu,
    /// The reporting body's read-only desk.
    XemTongHop,
}

/// The document's state from what the province sees of it; `has_file`: the agency's file
/// exists; `appraised`: a dossier the reporting body appraised.
pub fn state_of(sent: &Sent, has_file: bool, appraised: bool) -> State {
    match sent {
        Sent::No { .. } if !has_file => State::ChuaCo,
        Sent::No { .. } => State::DangSoan,
        Sent::Returned { editing: false, .. } => State::TraLai,
        Sent::Returned { editing: true, .. } => State::DangSua,
        Sent::Yes(s) if s.changed_since => State::DaGuiCoThayDoi,
        Sent::Yes(_) if appraised => State::DaThamDinh,
        Sent::Yes(s) if s.accepted.is_some() => State::DaTiepNhan,
        Sent::Yes(_) => State::DaGui,
    }
}

/// Why an act is refused, in words for the person who tried it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: &'static str,
    pub hint: &'static str,
}

fn no(message: &'static str, hint: &'static str) -> Refusal {
    Refusal { message, hint }
}

/// The state after `act` by `who` on a document in `state`, or why not; `locked`: the
/// reporting body has closed the document's period.
pub fn next(state: State, act: Act, who: Actor, locked: bool) -> Result<State, Refusal> {
    use State as S;
    if who == Actor::XemTongHop {
        return Err(no(
            "Liên kết chỉ để xem, không thay đổi được văn bản.",
            "Đề nghị người giữ liên kết của Sở Nội vụ thực hiện.",
        ));
    }
    let agency = who == Actor::CoQuan;
    let desk_act = matches!(act, Act::TraLai | Act::TiepNhan | Act::ThamDinh);
    match act {
        Act::LuuNhap if !agency => Err(no(
            "Sở Nội vụ không soạn thay văn bản của cơ quan.",
            "Trả lại văn bản, ghi rõ cần sửa gì.",
        )),
        Act::LuuNhap => Ok(match state {
            S::ChuaCo | S::DangSoan => S::DangSoan,
            S::TraLai | S::DangSua => S::DangSua,
            // Changes after sending stay a draft until sent again.
            S::DaGui | S::DaGuiCoThayDoi | S::DaTiepNhan | S::DaThamDinh => S::DaGuiCoThayDoi,
        }),
        Act::Gui if !agency => Err(no("Chỉ cơ quan soạn văn bản mới gửi được văn bản đó.", "")),
        Act::Gui if locked => Err(no(
            "Sở Nội vụ đã khóa số liệu của kỳ này nên chưa gửi được.",
            "Liên hệ Sở Nội vụ để mở khóa rồi gửi lại.",
        )),
        Act::Gui => match state {
            S::ChuaCo => Err(no(
                "Văn bản chưa có dữ liệu.",
                "Soạn và lưu văn bản trước khi gửi.",
            )),
            S::DaGui | S::DaTiepNhan | S::DaThamDinh => Err(no(
                "Văn bản đã gửi và chưa có gì thay đổi.",
                "Sửa và lưu nháp trước, nếu cần gửi lại.",
            )),
            S::DangSoan | S::TraLai | S::DangSua | S::DaGuiCoThayDoi => Ok(S::DaGui),
        },
        _ if desk_act && agency => Err(no(
            "Chỉ Sở Nội vụ mới trả lại, tiếp nhận hoặc thẩm định văn bản.",
            "",
        )),
        _ if desk_act && locked => Err(no(
            "Kỳ này đã khóa số liệu.",
            "Mở khóa số liệu của kỳ trước khi thay đổi.",
        )),
        Act::TraLai => match state {
            S::DaGui | S::DaGuiCoThayDoi | S::DaTiepNhan | S::DaThamDinh => Ok(S::TraLai),
            _ => Err(no(
                "Chỉ trả lại được văn bản cơ quan đã gửi (và chưa bị trả lại).",
                "",
            )),
        },
        Act::TiepNhan => match state {
            S::DaGui | S::DaGuiCoThayDoi | S::DaTiepNhan => Ok(S::DaTiepNhan),
            _ => Err(no("Chỉ tiếp nhận được văn bản cơ quan đã gửi.", "")),
        },
        Act::ThamDinh => match state {
            S::DaGui | S::DaGuiCoThayDoi | S::DaTiepNhan | S::DaThamDinh => Ok(S::DaThamDinh),
            _ => Err(no("Chỉ thẩm định được hồ sơ cơ quan đã gửi.", "")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Act::{Gui, LuuNhap, ThamDinh, TiepNhan};
    use Actor::*;
    use State::{ChuaCo, DaGui, DaGuiCoThayDoi, DaThamDinh, DaTiepNhan, DangSoan, DangSua};

    const ALL: [State; 8] = [
        ChuaCo,
        DangSoan,
        DaGui,
        DaGuiCoThayDoi,
        super::State::TraLai,
        DangSua,
        DaTiepNhan,
        DaThamDinh,
    ];

    #[test]
    fn the_agency_drafts_sends_fixes_and_sends_again() {
        assert_eq!(next(ChuaCo, LuuNhap, CoQuan, false), Ok(DangSoan));
        assert_eq!(next(DangSoan, Gui, CoQuan, false), Ok(DaGui));
        assert_eq!(next(DaGui, LuuNhap, CoQuan, false), Ok(DaGuiCoThayDoi));
        assert_eq!(next(DaGuiCoThayDoi, Gui, CoQuan, false), Ok(DaGui));
        assert_eq!(
            next(DaGui, Act::TraLai, SoNoiVu, false),
            Ok(super::State::TraLai)
        );
        assert_eq!(
            next(super::State::TraLai, LuuNhap, CoQuan, false),
            Ok(DangSua)
        );
        assert_eq!(next(DangSua, Gui, CoQuan, false), Ok(DaGui));
        assert_eq!(next(DaGui, TiepNhan, SoNoiVu, false), Ok(DaTiepNhan));
        assert_eq!(next(DaGui, ThamDinh, SoNoiVu, false), Ok(DaThamDinh));
        // Editing an accepted document is a draft again until sent.
        assert_eq!(next(DaTiepNhan, LuuNhap, CoQuan, false), Ok(DaGuiCoThayDoi));
    }

    #[test]
    fn what_is_refused_and_to_whom() {
        // Nothing new to send.
        for s in [ChuaCo, DaGui, DaTiepNhan, DaThamDinh] {
            assert!(next(s, Gui, CoQuan, false).is_err(), "{s:?}");
        }
        // A closed period refuses every send and every desk act.
        for s in ALL {
            assert!(next(s, Gui, CoQuan, true).is_err());
            for a in [Act::TraLai, TiepNhan, ThamDinh] {
                assert!(next(s, a, SoNoiVu, true).is_err());
            }
        }
        // Nothing unsent can be returned, accepted or appraised.
        for s in [ChuaCo, DangSoan, super::State::TraLai, DangSua] {
            for a in [Act::TraLai, TiepNhan, ThamDinh] {
                assert!(next(s, a, SoNoiVu, false).is_err(), "{s:?} {a:?}");
            }
        }
        // Each side keeps to its own acts; the read-only desk to none.
        for s in ALL {
            for a in [Act::TraLai, TiepNhan, ThamDinh] {
                assert!(next(s, a, CoQuan, false).is_err());
            }
            for a in [LuuNhap, Gui] {
                assert!(next(s, a, SoNoiVu, false).is_err());
            }
            for a in [LuuNhap, Gui, Act::TraLai, TiepNhan, ThamDinh] {
                assert!(next(s, a, XemTongHop, false).is_err());
            }
        }
        // Saving a draft is never stopped by a closed period (only sending is).
        assert_eq!(next(DaGui, LuuNhap, CoQuan, true), Ok(DaGuiCoThayDoi));
    }

    #[test]
    fn only_sent_and_unreturned_documents_are_counted() {
        let counted: Vec<State> = ALL.into_iter().filter(|s| s.counted()).collect();
        assert_eq!(counted, vec![DaGui, DaGuiCoThayDoi, DaTiepNhan, DaThamDinh]);
    }
}
