import Foundation
import HinboxCore
import Testing

@Suite("Names: normalisation, variants and mentions")
struct NameMatchingTests {
    @Test("clean trims quotes and punctuation, keeps abbreviation periods", arguments: [
        ("“Dana Whitfield,”", "Dana Whitfield"), ("  Ridgeport \n Water\tAuthority ", "Ridgeport Water Authority"),
        ("U.S.", "U.S."), ("(RWA)", "RWA"), ("Corp.", "Corp."),
    ])
    func clean(_ raw: String, _ expected: String) {
        #expect(NameNormalizer.clean(raw) == expected)
    }

    @Test("key folds case, diacritics, a leading 'the' and punctuation", arguments: [
        ("The U.S. Army", "us army"), ("JOSÉ  Ramírez", "jose ramirez"), ("the Ridgeport Water Authority", "ridgeport water authority"),
    ])
    func key(_ name: String, _ expected: String) {
        #expect(NameNormalizer.key(name) == expected)
    }

    @Test("strippingTitles drops leading titles but keeps one word", arguments: [
        ("Mayor Dana Whitfield", "Dana Whitfield"), ("Gov. Ana Reyes", "Ana Reyes"), ("Dr. Prof. Ana Ruiz", "Ana Ruiz"),
        ("Mayor", "Mayor"), ("Dana Whitfield", "Dana Whitfield"),
    ])
    func titles(_ name: String, _ expected: String) {
        #expect(NameNormalizer.strippingTitles(name) == expected)
    }

    @Test("Acronyms: initials of significant words, written mostly in capitals")
    func acronyms() {
        let variants = NameVariants()
        #expect(variants.acronym(of: "Department of Environmental Quality") == "deq")
        #expect(variants.isAcronym("DEQ", of: "Department of Environmental Quality"))
        #expect(variants.isAcronym("RWA", of: "Ridgeport Water Authority"))
        #expect(!variants.isAcronym("Rwa", of: "Ridgeport Water Authority"))
        #expect(!variants.isAcronym("RWB", of: "Ridgeport Water Authority"))
        #expect(!variants.isAcronym("R", of: "Ridgeport"))
        #expect(variants.sameGroup("Pentagon", "the Department of Defense", groups: [["Department of Defense", "Pentagon"]]))
        #expect(!variants.sameGroup("Pentagon", "Army", groups: [["Department of Defense", "Pentagon"]]))
    }

    @Test("MentionFinder: case- and diacritic-insensitive, whole words only")
    func mentions() {
        let finder = MentionFinder(text: "José Ramírez told the US press: focus on the RWA's pipes.")
        #expect(finder.occurs("jose ramirez"))
        #expect(finder.occurs("US"))
        #expect(finder.occurs("RWA"))
        #expect(!finder.occurs("Ramí"))
        #expect(!finder.occurs("cus"))
        #expect(!finder.occurs("   "))
        #expect(MentionFinder(text: "focus, bus, usage").ranges(of: "us").isEmpty)
        #expect(MentionFinder(text: "US and us and US").ranges(of: "US").count == 3)
    }

    @Test("MentionFinder evidence: windows around mentions, joined by ---, at most maxWindows")
    func evidence() {
        let filler = String(repeating: "lorem ", count: 60)
        let finder = MentionFinder(text: "Whitfield spoke. \(filler) Dana Whitfield left. \(filler) Whitfield returned. \(filler) Whitfield.")
        let evidence = finder.evidence(for: ["Whitfield"], windowCharacters: 40, maxWindows: 2)
        let windows = evidence.components(separatedBy: "\n---\n")
        #expect(windows.count == 2)
        #expect(windows[0].contains("Whitfield spoke."))
        #expect(windows[1].contains("Dana Whitfield left."))
        #expect(finder.evidence(for: ["Nobody"]).isEmpty)
    }
}
