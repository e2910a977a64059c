/// The questionnaires a therapist can assign (DOMAIN.md), with the items a client answers.
///
/// The wording is MDME's own, written from the item names in DOMAIN.md; it is not the text of
/// the published questionnaires. `version` names the wording, so a stored answer set can say
/// which texts the client saw; change it whenever a text or option changes.
public enum QuestionnaireInstrument: String, Codable, Sendable, CaseIterable {
    case mfi20
    case mfs

    public var version: String {
        switch self {
        case .mfi20: "mfi20-mdme-1"
        case .mfs: "mfs-mdme-1"
        }
    }

    public var title: LocalizedText {
        switch self {
        case .mfi20: LocalizedText(danish: "Træthed i hverdagen (MFI-20)", english: "Fatigue in daily life (MFI-20)")
        case .mfs: LocalizedText(danish: "Mental træthed (MFS)", english: "Mental fatigue (MFS)")
        }
    }

    /// What the client reads before the items.
    public var instructions: LocalizedText {
        switch self {
        case .mfi20: Self.mfi20Instructions
        case .mfs: Self.mfsInstructions
        }
    }

    /// The items in order, item 1 first.
    public var items: [InstrumentItem] {
        switch self {
        case .mfi20: Self.mfi20Items
        case .mfs: Self.mfsItems
        }
    }
}
