import Foundation

/// The form names and aliases are searched and sorted in: case-, diacritic- and width-insensitive.
public enum TextFolding {
    /// `text` folded ("José Núñez" → "jose nunez").
    public static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }
}
