import HinboxCore
import Testing

@Suite("Cited sentences of a profile")
struct CitedSentencesTests {
    @Test("Headings are skipped; markers after the period, with or without a space, belong to the sentence")
    func markers() {
        let text = """
            ### Overview
            Dana Whitfield is the mayor.^[a1] She chairs the board. ^[a1] ^[a2]
            - Elected in 2019 ^[a3].
            An uncited sentence. Another one, cited ^[a2, a4]!
            """
        let found = CitedSentences.sentences(in: text)
        #expect(found.map(\.text) == [
            "Dana Whitfield is the mayor.", "She chairs the board.", "Elected in 2019.", "Another one, cited!",
        ])
        #expect(found.map(\.articleIDs) == [["a1"], ["a1", "a2"], ["a3"], ["a2", "a4"]])
    }

    @Test("A profile without citations has no claims; a lone marker is not a sentence")
    func nothingCited() {
        #expect(CitedSentences.sentences(in: "### Overview\nNothing cited here. Nor here.").isEmpty)
        #expect(CitedSentences.sentences(in: "^[a1]").isEmpty)
    }
}
