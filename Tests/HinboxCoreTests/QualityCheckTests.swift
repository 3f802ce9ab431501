import HinboxCore
import Testing

@Suite("Quality checks on one extraction reply")
struct QualityCheckTests {
    static let text = """
        Mayor Dana Whitfield said the Ridgeport Water Authority (RWA) would test every pipe. Whitfield spoke at \
        Ridgeport City Hall in Ridgeport. Dr. Ana Ruiz, a chemist, and José Ramírez, a resident, attended. \
        Officials said the US would help.
        """

    static func run(_ type: EntityType, _ items: [JSONValue], text: String = text) -> QualityCheck.Report {
        QualityCheck(type: type, domain: CoreFixtures.domain).run(reply: CoreFixtures.reply(items), article: CoreFixtures.article(text))
    }

    @Test("Entries without a usable name are dropped as missing required fields")
    func missingName() {
        let report = Self.run(.person, [["type": "politician"], ["name": "   "], ["name": 7], ["name": "Dana Whitfield"]])
        #expect(report.entities.map(\.name) == ["Dana Whitfield"])
        #expect(report.dropped.map(\.reason) == Array(repeating: "missing required fields", count: 3))
        #expect(report.inputCount == 4)
    }

    @Test("Names are NFC-normalised and whitespace is collapsed")
    func normalisation() throws {
        let report = Self.run(.person, [["name": "  Jose\u{301}\n  Rami\u{301}rez, ", "type": "other"]])
        let entity = try #require(report.entities.first)
        #expect(entity.name == "José Ramírez")
        #expect(Array(entity.name.unicodeScalars) == Array("Jos\u{E9} Ram\u{ED}rez".unicodeScalars))
    }

    @Test("Generic names are dropped", arguments: ["officials", "he", "The Mayor", "Residents", "they", "the agency"])
    func generic(_ name: String) throws {
        let report = Self.run(.person, [["name": .string(name)]], text: "\(name) said \(name) would act.")
        #expect(report.entities.isEmpty)
        #expect(report.dropped.first?.reason == "generic, not a name")
    }

    @Test("Sub-types outside the domain become other; tags outside it are removed")
    func subtypesAndTags() {
        let report = Self.run(.person, [
            ["name": "Dana Whitfield", "type": "Politician", "tags": ["government", "sports", "government"]],
            ["name": "Ana Ruiz", "type": "wizard", "tags": ["environment", 3]],
            ["name": "José Ramírez"],
        ])
        #expect(report.entities.map(\.subtype) == ["politician", "other", "other"])
        #expect(report.entities.map(\.tags) == [["government"], ["environment"], []])
    }

    @Test("Repeats of one key in an article are merged and counted as duplicates")
    func dedupe() throws {
        let report = Self.run(.organization, [
            ["name": "Ridgeport Water Authority", "type": "utility"],
            ["name": "the ridgeport water authority", "type": "utility", "aliases": ["RWA"]],
        ])
        let entity = try #require(report.entities.first)
        #expect(report.entities.count == 1)
        #expect(report.duplicates == 1)
        #expect(entity.name == "Ridgeport Water Authority")
        #expect(entity.aliases == ["RWA"])
    }

    /// A short name and the full one it stands for, in one extraction.
    struct Collapse: Sendable, CustomTestStringConvertible {
        var type: EntityType
        var subtype: String
        var short: String
        var full: String
        var testDescription: String { "\(type.rawValue): '\(short)' collapses into '\(full)'" }
    }

    @Test("A surname alone or an acronym collapses into the full name, kept as its alias", arguments: [
        Collapse(type: .person, subtype: "politician", short: "Whitfield", full: "Dana Whitfield"),
        Collapse(type: .organization, subtype: "utility", short: "RWA", full: "Ridgeport Water Authority"),
    ])
    func shortNameCollapses(_ collapse: Collapse) throws {
        let report = Self.run(collapse.type, [["name": .string(collapse.short), "type": .string(collapse.subtype)],
                                            ["name": .string(collapse.full), "type": .string(collapse.subtype)]])
        let entity = try #require(report.entities.first)
        #expect(report.entities.count == 1)
        #expect(entity.name == collapse.full)
        #expect(entity.aliases == [collapse.short])
    }

    @Test("Locations: 'Ridgeport City Hall' stays apart from 'Ridgeport'")
    func locationsStayApart() {
        let report = Self.run(.location, [["name": "Ridgeport", "type": "city"], ["name": "Ridgeport City Hall", "type": "building"]])
        #expect(report.entities.map(\.name) == ["Ridgeport", "Ridgeport City Hall"])
        #expect(report.entities.allSatisfy { $0.aliases.isEmpty })
    }

    @Test("People: leading titles are stripped and the titled form is kept as an alias",
          arguments: [("Mayor Dana Whitfield", "Dana Whitfield"), ("Dr. Ana Ruiz", "Ana Ruiz")])
    func titles(_ written: String, _ expected: String) throws {
        let entity = try #require(Self.run(.person, [["name": .string(written)]]).entities.first)
        #expect(entity.name == expected)
        #expect(entity.aliases.first == written)
    }

    @Test("Mention filter: unmentioned entities dropped, aliases promoted, absent aliases removed")
    func mentionFilter() throws {
        let report = Self.run(.organization, [
            ["name": "Department of Environmental Quality", "aliases": ["DEQ"]],
            ["name": "Ridgeport Water Utility", "aliases": ["RWA", "Water Board"]],
        ], text: "The RWA said pipes were fine.")
        let entity = try #require(report.entities.first)
        #expect(report.entities.count == 1)
        #expect(entity.name == "RWA")
        #expect(entity.aliases.isEmpty)
        #expect(report.dropped.map(\.name) == ["Department of Environmental Quality"])
        #expect(report.dropped.first?.reason == "not mentioned in the article")
    }

    @Test("Mention filter: short names match only whole words",
          arguments: [("Officials focus on water.", false), ("Officials said the US would help.", true), ("US-funded pipes", true)])
    func shortNames(_ text: String, _ kept: Bool) {
        let report = Self.run(.organization, [["name": "US", "type": "other"]], text: text)
        #expect(report.entities.map(\.name) == (kept ? ["US"] : []))
    }

    @Test("Events skip the mention filter but need a valid start date")
    func events() {
        let report = Self.run(.event, [
            ["title": "Special Hearing on Water Safety", "type": "hearing", "start_date": "2025-03-14", "end_date": .null],
            ["title": "Pipe Audit", "type": "hearing", "start_date": "2025-04", "is_fuzzy_date": true],
            ["title": "Undated Vote", "type": "hearing"],
            ["title": "Someday Meeting", "type": "hearing", "start_date": "soon"],
        ])
        #expect(report.entities.map(\.name) == ["Special Hearing on Water Safety", "Pipe Audit"])
        #expect(report.entities.map(\.startDate) == ["2025-03-14", "2025-04-01"])
        #expect(report.entities.map(\.endDate) == [nil, nil])
        #expect(report.entities.map(\.isFuzzyDate) == [false, true])
        #expect(report.dropped.map(\.name) == ["Undated Vote", "Someday Meeting"])
    }

    struct RepairCase: Sendable, CustomTestStringConvertible {
        var label: String
        var names: [String]
        var needsRepair: Bool
        var testDescription: String { label }
    }

    @Test("needsRepair: more than half of a reply of three or more dropped or duplicated", arguments: [
        RepairCase(label: "2 of 3 unmentioned", names: ["Dana Whitfield", "Nobody One", "Nobody Two"], needsRepair: true),
        RepairCase(label: "2 of 4 unmentioned", names: ["Dana Whitfield", "Ana Ruiz", "Nobody One", "Nobody Two"], needsRepair: false),
        RepairCase(label: "2 of 2 unmentioned", names: ["Nobody One", "Nobody Two"], needsRepair: false),
        RepairCase(label: "2 duplicates of 3", names: ["Dana Whitfield", "Dana Whitfield", "dana whitfield"], needsRepair: true),
        RepairCase(label: "all good", names: ["Dana Whitfield", "Ana Ruiz", "José Ramírez"], needsRepair: false),
    ])
    func needsRepair(_ repair: RepairCase) {
        let report = Self.run(.person, repair.names.map { ["name": .string($0), "type": "other"] })
        #expect(report.needsRepair == repair.needsRepair)
    }
}
