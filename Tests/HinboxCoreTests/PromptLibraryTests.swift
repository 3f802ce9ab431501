import HinboxCore
import Testing

@Suite("Prompt templates")
struct PromptLibraryTests {
    @Test("render fills every {{key}} it has a value for and leaves the rest of the text as written")
    func render() {
        let library = PromptLibrary(templates: [
            "t": "Hi {{name}}, {{name}}! {{missing}} {{ name}} {single} {{}} {{na-me}} «{{type}}»{{",
        ])
        let text = library.render("t", ["name": "Dana {{type}}", "type": "person – ü"])
        #expect(text == "Hi Dana {{type}}, Dana {{type}}! {{missing}} {{ name}} {single} {{}} {{na-me}} «person – ü»{{")
        #expect(library.render("absent", ["name": "x"]) == "")
    }
}
